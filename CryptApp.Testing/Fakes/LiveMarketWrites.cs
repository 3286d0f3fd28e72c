using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;

namespace CryptApp.Testing.Fakes;

/// <summary>
/// Live books written as the Worker's live-book writer writes them (<see cref="MarketStore.SaveLiveAsync"/>, which also
/// announces them), from levels built here: the levels are the oracle a stream's <c>book</c> is checked against.
/// </summary>
public sealed class LiveMarketWrites(MarketStore store)
{
    /// <summary>Levels of one side, best first: <c>levels</c> prices <c>step</c> apart from <c>mid</c>, each one order.</summary>
    public static IReadOnlyList<(double Px, double Qty)> Side(double mid, bool bids, int levels, double step, int version) =>
        [.. Enumerable.Range(1, levels).Select(i => (Math.Round(bids ? mid - (i * step) : mid + (i * step), 8), Math.Round(i + (version * 0.001), 8)))];

    /// <summary>
    /// A live book of <paramref name="venue"/>'s <paramref name="pair"/> around <paramref name="mid"/>, written now (or at
    /// <paramref name="at"/>) and fresh for <paramref name="freshFor"/>; its levels as written.
    /// </summary>
    public async Task<WrittenBook> WriteAsync(
        string venue, string pair, double mid, int version, TimeSpan freshFor, int levels = 30, double step = 0.05, DateTimeOffset? at = null)
    {
        var when = at ?? DateTimeOffset.UtcNow;
        var dash = pair.IndexOf('-');
        var instrument = new VenueInstrument(venue, pair, pair[..dash], pair[(dash + 1)..], pair.Replace("-", "", StringComparison.Ordinal), "live", true);
        var book = new OrderBook(instrument.MarketId.ToCompactString());
        var (bids, asks) = (Side(mid, true, levels, step, version), Side(mid, false, levels, step, version));
        foreach (var (px, qty) in bids)
        {
            book.Bids.Add(new BookEntry(px, qty, 1));
        }

        foreach (var (px, qty) in asks)
        {
            book.Asks.Add(new BookEntry(px, qty, 1));
        }

        var analysis = new VenueBook(instrument, book, when.AddMilliseconds(-20), levels, levels, levels).Analyze(when, MarketSources.Stream, lagMs: 20);
        await store.SaveLiveAsync(analysis, TimeSpan.FromDays(1), withHistory: false, when + freshFor);
        return new WrittenBook(instrument.MarketId.ToCompactString(), when, bids, asks);
    }
}

/// <summary>A written live book: its market id, collection time and levels, best first.</summary>
public sealed record WrittenBook(string Id, DateTimeOffset At, IReadOnlyList<(double Px, double Qty)> Bids, IReadOnlyList<(double Px, double Qty)> Asks);
