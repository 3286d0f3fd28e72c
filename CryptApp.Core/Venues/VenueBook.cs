using CryptApp.Core.Markets;

namespace CryptApp.Core.Venues;

/// <summary>
/// A venue's book in the common shape, with the instrument it is the book of (the market's identity, fixed where
/// the listing was read; the book is made under its market id): levels as <see cref="BookEntry"/> (<c>Num</c> the
/// number of orders at the level where the venue gives it, else 0), the venue's own timestamp where it sends one,
/// and enough to tell a whole book from a cut one: a side that came back with fewer levels than
/// <see cref="RequestedDepth"/> is the venue's whole side.
/// </summary>
public sealed record VenueBook(VenueInstrument Instrument, OrderBook Book, DateTimeOffset? VenueTime, int RequestedDepth, int BidLevels, int AskLevels)
{
    /// <summary>
    /// The book's metrics and levels as one market of its venue: the snapshot carries the instrument's identity, the
    /// venue's time, whether the depth figures are whole, and the trading status.
    /// </summary>
    public MarketAnalysis Analyze(DateTimeOffset collectedAt, string via = MarketSources.Poll, long? lagMs = null)
    {
        var analysis = MarketAnalyzer.Analyze(Book, collectedAt);
        var source = new MarketSource(
            Book.Symbol, Instrument.Venue, Instrument.Base, Instrument.Quote, Instrument.VenueSymbol, VenueTime,
            DepthComplete(analysis.Snapshot.Market.Mid), Instrument.Status, via, lagMs);
        return analysis with { Snapshot = analysis.Snapshot with { Source = source } };
    }

    /// <summary>The band the market's depth figures reach: 5 % either side of mid.</summary>
    public const double WidestDepthFraction = 0.05;

    /// <summary>Both sides shorter than asked for: nothing beyond them was left out.</summary>
    public bool Whole => BidLevels < RequestedDepth && AskLevels < RequestedDepth;

    /// <summary>
    /// Whether the book shows everything within 5 % of <paramref name="mid"/>: a side is complete when the
    /// venue sent fewer levels than asked (its whole side), or when its farthest level kept already lies
    /// beyond the band (the cut only hides depth outside it). A side cut inside the band hides depth the
    /// 5 % figures should count. Blockchain.com's L3 book is always whole. Without a mid only a whole
    /// book counts.
    /// </summary>
    public bool DepthComplete(double? mid) =>
        Whole || mid is { } m
        && SideComplete(BidLevels, Book.Bids, bound: m * (1 - WidestDepthFraction), isBid: true)
        && SideComplete(AskLevels, Book.Asks, bound: m * (1 + WidestDepthFraction), isBid: false);

    /// <summary>
    /// Levels a side the book needed to reach past 5 % of <paramref name="mid"/>: on each side the levels within the band
    /// and one more, the larger side's count. Null when a side was cut inside the band (how many more it
    /// needs is not known) or there is no mid.
    /// </summary>
    public int? LevelsToCover(double? mid)
    {
        if (mid is not { } m)
        {
            return null;
        }

        var bids = SideLevelsToCover(BidLevels, Book.Bids, bound: m * (1 - WidestDepthFraction), isBid: true);
        var asks = SideLevelsToCover(AskLevels, Book.Asks, bound: m * (1 + WidestDepthFraction), isBid: false);
        return bids is null || asks is null ? null : Math.Max(bids.Value, asks.Value);
    }

    private int? SideLevelsToCover(int sent, List<BookEntry> kept, double bound, bool isBid)
    {
        if (!SideComplete(sent, kept, bound, isBid))
        {
            return null;
        }

        // One more than lies within: the level past the band, or, for a whole side inside it, a short answer that says whole.
        return kept.Count(e => isBid ? e.Px >= bound : e.Px <= bound) + 1;
    }

    private bool SideComplete(int sent, List<BookEntry> kept, double bound, bool isBid)
    {
        if (sent < RequestedDepth)
        {
            return true;
        }

        if (kept.Count == 0)
        {
            return false;
        }

        var farthest = isBid ? kept.Min(e => e.Px) : kept.Max(e => e.Px);
        return isBid ? farthest < bound : farthest > bound;
    }
}
