namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// Blockchain.com behind the common shape, over the existing <see cref="BlockchainExchangeClient"/>
/// (its limiter, retries and L3 parser unchanged). Its book is L3: every order, <c>Num</c> the order id,
/// whole whatever the depth asked, and without a venue timestamp.
/// </summary>
public sealed class BlockchainVenueClient(BlockchainExchangeClient exchange) : IVenueClient
{
    public VenueInfo Venue => VenueCatalog.Blockchain;

    public async Task<IReadOnlyList<VenueInstrument>> GetInstrumentsAsync(CancellationToken cancellationToken)
    {
        var symbols = await exchange.GetSymbolsAsync(cancellationToken);
        return symbols.Select(ToInstrument).OfType<VenueInstrument>().ToList();
    }

    public async Task<VenueBook> GetBookAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken)
    {
        var book = await exchange.GetOrderBookAsync(instrument.VenueSymbol, cancellationToken);
        book.Symbol = instrument.Pair;
        return new VenueBook(book, ExchangeTime: null, RequestedDepth: int.MaxValue, book.Bids.Count, book.Asks.Count);
    }

    /// <summary>
    /// From the listing's own currency fields; a symbol listed without them keeps its name, which on
    /// this venue is already BASE-QUOTE. Symbols that fit neither are not instruments we can name.
    /// </summary>
    internal static VenueInstrument? ToInstrument(ExchangeSymbol symbol)
    {
        var pair = CanonicalPair.IsAsset(symbol.BaseCurrency) && CanonicalPair.IsAsset(symbol.CounterCurrency)
            ? CanonicalPair.Of(symbol.BaseCurrency!, symbol.CounterCurrency!)
            : CanonicalPair.Normalize(symbol.Symbol, out _);
        if (pair is null)
        {
            return null;
        }

        var dash = pair.IndexOf('-');
        return new VenueInstrument(VenueIds.Blockchain, pair, pair[..dash], pair[(dash + 1)..], symbol.Symbol, symbol.Status, symbol.IsOpen);
    }
}
