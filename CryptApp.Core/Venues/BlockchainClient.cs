namespace CryptApp.Core.Venues;

/// <summary>
/// Blockchain.com Exchange v3: <c>/symbols</c> (open when <c>status</c> is <c>open</c>) and <c>/l3/{symbol}</c>, its
/// L3 book: every order, <c>num</c> the order id, whole whatever the depth asked, without a venue timestamp, read by
/// the streaming parser as it arrives (a book of millions of orders is never buffered whole).
/// </summary>
public sealed class BlockchainClient(HttpClient http, VenueOptions options) : VenueClient(http, options)
{
    /// <summary>The original's venue: every open symbol, the L3 book whole. No published limit; two requests a second is polite.</summary>
    public static VenueDefinition Definition { get; } = new()
    {
        Id = VenueIds.Blockchain,
        Name = "Blockchain",
        DisplayName = "Blockchain.com",
        RestUrl = new("https://api.blockchain.com/v3/exchange"),
        StreamUrl = new("wss://ws.blockchain.info/mercury-gateway/v1/ws"),
        Feed = (instruments, depth) => new Streaming.BlockchainFeed(instruments, depth),
        // l2 is the whole book.
        StreamDepth = 100_000,
        Budget = 2,
        BudgetWindow = TimeSpan.FromSeconds(1),
        ServesWholeBook = true,
        ServesL3 = true,
        LiveStatuses = new HashSet<string>(["open"], StringComparer.OrdinalIgnoreCase),
        Client = (http, options) => new BlockchainClient(http, options),
    };

    public override VenueDefinition Venue => Definition;

    public override async Task<IReadOnlyList<VenueInstrument>> GetInstrumentsAsync(CancellationToken cancellationToken)
    {
        var symbols = await ReadAsync("symbols", "/symbols", 1, streamed: false, SymbolsParser.ParseAsync, cancellationToken);
        return [.. symbols.Select(ToInstrument).OfType<VenueInstrument>()];
    }

    public override async Task<VenueBook> GetBookAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken)
    {
        // The book is made under the market's id (its bare pair), whatever spelling the body carries.
        var book = await ReadAsync(
            $"l3/{Uri.EscapeDataString(instrument.VenueSymbol)}", "/l3/{symbol}", 1, streamed: true,
            (body, token) => L3BookParser.ParseAsync(body, instrument.MarketId.ToCompactString(), Options.MaxBodyBytes, token), cancellationToken);
        return new VenueBook(instrument, book, VenueTime: null, RequestedDepth: int.MaxValue, book.Bids.Count, book.Asks.Count);
    }

    /// <summary>
    /// From the listing's own currency fields; a symbol listed without them keeps its name, which on
    /// this venue is already BASE-QUOTE. Symbols that fit neither are not instruments we can name.
    /// </summary>
    internal static VenueInstrument? ToInstrument(BlockchainSymbol symbol)
    {
        var pair = CanonicalPair.IsAsset(symbol.BaseCurrency) && CanonicalPair.IsAsset(symbol.CounterCurrency)
            ? CanonicalPair.Of(symbol.BaseCurrency!, symbol.CounterCurrency!)
            : CanonicalPair.Normalize(symbol.Symbol, out _);
        if (pair is null)
        {
            return null;
        }

        var dash = pair.IndexOf('-');
        return new VenueInstrument(VenueIds.Blockchain, pair, pair[..dash], pair[(dash + 1)..], symbol.Symbol, symbol.Status, Definition.IsLive(symbol.Status));
    }
}
