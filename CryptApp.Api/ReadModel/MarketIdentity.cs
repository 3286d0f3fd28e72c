using CryptApp.Contracts.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Api.ReadModel;

/// <summary>
/// Which venue and pair a stored market is. Markets are stored under their compact id
/// (<c>binance:BTC-USDT</c>, a bare <c>BTC-USD</c> for Blockchain.com); a row without venue fields is
/// Blockchain.com's.
/// </summary>
public static class MarketIdentity
{
    /// <summary>Id, venue, base and quote from a stored symbol; base and quote are null when it is no BASE-QUOTE pair.</summary>
    public static (string Id, string Venue, string? Base, string? Quote) Of(string symbol)
    {
        if (!MarketId.TryParse(symbol, out var id, out _))
        {
            return (symbol, MarketId.VenueOf(symbol), null, null);
        }

        var dash = id.Pair.IndexOf('-');
        return (symbol, id.Venue, id.Pair[..dash], id.Pair[(dash + 1)..]);
    }

    /// <summary>The row with whatever venue fields it lacks filled from its symbol.</summary>
    public static MarketSummary Complete(MarketSummary row)
    {
        if (row is { Id: not null, Venue: not null, Base: not null, Quote: not null })
        {
            return row;
        }

        var (id, exchange, @base, quote) = Of(row.Symbol);
        return row with { Id = row.Id ?? id, Venue = row.Venue ?? exchange, Base = row.Base ?? @base, Quote = row.Quote ?? quote };
    }
}
