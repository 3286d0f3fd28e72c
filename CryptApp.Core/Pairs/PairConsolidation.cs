using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;

namespace CryptApp.Core.Pairs;

/// <summary>One venue's kept price levels for a pair, and whether they are too old to count.</summary>
public sealed record VenueLevels(string Venue, BookLevels Book, bool Stale);

/// <summary>
/// The cross-venue view of one pair. Definitions (README, "Pairs"):
/// <list type="bullet">
/// <item>consolidated mid = (best bid across fresh venues + best ask across fresh venues) / 2;</item>
/// <item>crossVenueSpreadBps = (best ask − best bid) / consolidated mid × 10,000 (negative: the books cross);</item>
/// <item>midDispersionBps = (max venue mid − min venue mid) / median venue mid × 10,000;</item>
/// <item>consolidated depth x % = Σ px·qty of bids with px ≥ mid·(1 − x/100), of asks with px ≤ mid·(1 + x/100);</item>
/// <item>cost to move up 2 % = Σ px·qty of the asks below best ask × 1.02 (what a buyer takes before the best
/// ask is 2 % higher); down, of the bids above best bid × 0.98.</item>
/// </list>
/// Sums run venue by venue in the order given (the caller sorts by venue id), each venue's levels best
/// first, left to right: a plain Python loop in that order gives the same doubles, bit for bit.
/// </summary>
public static class PairConsolidation
{
    private static readonly double[] DepthPercents = [1, 2, 5];

    public static PairView Consolidate(string pair, IReadOnlyList<VenueLevels> venues)
    {
        var listed = venues.Select(Venue).ToList();
        var fresh = venues.Where(v => !v.Stale).ToList();
        var bestBid = Best(fresh, v => v.Book.Bids, (px, best) => px > best);
        var bestAsk = Best(fresh, v => v.Book.Asks, (px, best) => px < best);
        if (bestBid is null || bestAsk is null)
        {
            return new PairView(pair, listed, bestBid, bestAsk, null, Dispersion(fresh), null, CostUp(fresh, bestAsk), CostDown(fresh, bestBid));
        }

        var mid = (bestBid.Px + bestAsk.Px) / 2;
        var bids = DepthPercents.Select(x => SumBids(fresh, mid * (1 - x / 100))).ToArray();
        var asks = DepthPercents.Select(x => SumAsks(fresh, mid * (1 + x / 100))).ToArray();
        return new PairView(
            pair,
            listed,
            bestBid,
            bestAsk,
            (bestAsk.Px - bestBid.Px) / mid * 10_000,
            Dispersion(fresh),
            new ConsolidatedDepth(bids[0], bids[1], bids[2], asks[0], asks[1], asks[2]),
            CostUp(fresh, bestAsk),
            CostDown(fresh, bestBid));
    }

    /// <summary>A buy lifts the fresh venues' asks cheapest first, a sell hits their bids highest first; a tie keeps venue order.</summary>
    public static PairSlippage Route(string pair, IReadOnlyList<VenueLevels> venues, TradeSide side, double notional)
    {
        var fresh = venues.Where(v => !v.Stale).ToList();
        var view = Consolidate(pair, fresh);
        var levels = fresh
            .SelectMany((v, order) => (side == TradeSide.Buy ? v.Book.Asks : v.Book.Bids).Select(level => (v.Venue, Order: order, level.Px, level.Qty)))
            .OrderBy(l => side == TradeSide.Buy ? l.Px : -l.Px)
            .ThenBy(l => l.Order);
        double filled = 0, qty = 0;
        var fills = new Dictionary<string, (double Notional, double Qty, int Levels)>();
        foreach (var level in levels)
        {
            if (filled >= notional)
            {
                break;
            }

            var take = Math.Min(notional - filled, level.Px * level.Qty);
            var got = take / level.Px;
            filled += take;
            qty += got;
            var so = fills.GetValueOrDefault(level.Venue);
            fills[level.Venue] = (so.Notional + take, so.Qty + got, so.Levels + 1);
        }

        var shares = fills.Select(f => new VenueFill(f.Key, f.Value.Notional, f.Value.Qty, f.Value.Levels)).ToList();
        if (view.BestBid is null || view.BestAsk is null)
        {
            return new PairSlippage(pair, side, notional, null, null, null, filled, qty, shares, "no consolidated mid: no fresh venue has both sides");
        }

        var mid = (view.BestBid.Px + view.BestAsk.Px) / 2;
        if (filled < notional * (1 - 1e-12))
        {
            return new PairSlippage(pair, side, notional, mid, null, null, filled, qty, shares,
                $"books too thin: only {filled:G6} of {notional:G6} available within {BookLevels.Window:P0} of each venue's mid");
        }

        var vwap = filled / qty;
        return new PairSlippage(pair, side, notional, mid, vwap, (vwap - mid) / mid * 10_000, filled, qty, shares, null);
    }

    private static PairVenue Venue(VenueLevels venue)
    {
        var book = venue.Book;
        double? bid = book.Bids.Count > 0 ? book.Bids[0].Px : null;
        double? ask = book.Asks.Count > 0 ? book.Asks[0].Px : null;
        if (bid is not { } b || ask is not { } a)
        {
            return new PairVenue(venue.Venue, bid, ask, null, null, null, null, book.CollectedAt, venue.Stale);
        }

        var mid = (b + a) / 2;
        return new PairVenue(
            venue.Venue, b, a, mid, (a - b) / mid * 10_000,
            Sum(book.Bids, px => px >= mid * 0.98), Sum(book.Asks, px => px <= mid * 1.02),
            book.CollectedAt, venue.Stale);
    }

    private static BestQuote? Best(IReadOnlyList<VenueLevels> venues, Func<VenueLevels, IReadOnlyList<BookLevel>> side, Func<double, double, bool> better)
    {
        BestQuote? best = null;
        foreach (var venue in venues)
        {
            var levels = side(venue);
            if (levels.Count > 0 && (best is null || better(levels[0].Px, best.Px)))
            {
                best = new BestQuote(venue.Venue, levels[0].Px, levels[0].Qty);
            }
        }

        return best;
    }

    private static double? Dispersion(IReadOnlyList<VenueLevels> venues)
    {
        var mids = venues
            .Where(v => v.Book.Bids.Count > 0 && v.Book.Asks.Count > 0)
            .Select(v => (v.Book.Bids[0].Px + v.Book.Asks[0].Px) / 2)
            .Order()
            .ToList();
        if (mids.Count == 0)
        {
            return null;
        }

        var median = mids.Count % 2 == 1 ? mids[mids.Count / 2] : (mids[mids.Count / 2 - 1] + mids[mids.Count / 2]) / 2;
        return (mids[^1] - mids[0]) / median * 10_000;
    }

    private static double? CostUp(IReadOnlyList<VenueLevels> venues, BestQuote? bestAsk) =>
        bestAsk is null ? null : SumSide(venues, v => v.Book.Asks, px => px < bestAsk.Px * 1.02);

    private static double? CostDown(IReadOnlyList<VenueLevels> venues, BestQuote? bestBid) =>
        bestBid is null ? null : SumSide(venues, v => v.Book.Bids, px => px > bestBid.Px * 0.98);

    private static double SumBids(IReadOnlyList<VenueLevels> venues, double floor) => SumSide(venues, v => v.Book.Bids, px => px >= floor);

    private static double SumAsks(IReadOnlyList<VenueLevels> venues, double ceiling) => SumSide(venues, v => v.Book.Asks, px => px <= ceiling);

    private static double SumSide(IReadOnlyList<VenueLevels> venues, Func<VenueLevels, IReadOnlyList<BookLevel>> side, Func<double, bool> within)
    {
        double sum = 0;
        foreach (var venue in venues)
        {
            foreach (var level in side(venue))
            {
                if (within(level.Px))
                {
                    sum += level.Px * level.Qty;
                }
            }
        }

        return sum;
    }

    private static double Sum(IReadOnlyList<BookLevel> levels, Func<double, bool> within)
    {
        double sum = 0;
        foreach (var level in levels)
        {
            if (within(level.Px))
            {
                sum += level.Px * level.Qty;
            }
        }

        return sum;
    }
}
