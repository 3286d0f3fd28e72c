using System.Buffers;
using System.Runtime.InteropServices;
using CryptApp.Contracts.Markets;

namespace CryptApp.Core.Markets;

/// <summary>Everything one pass of the ETL computes for one symbol.</summary>
public sealed record MarketAnalysis(MarketSnapshot Snapshot, BookLevels Levels);

/// <summary>
/// Turns a parsed book into the original's per-side figures, our market metrics and the aggregated
/// levels. Per-side sums and the best prices come from one pass in upstream order; depth and levels
/// need mid, so a second pass visits only the orders near it.
/// </summary>
public static class MarketAnalyzer
{
    public static MarketAnalysis Analyze(OrderBook book, DateTimeOffset collectedAt)
    {
        var bids = CollectionsMarshal.AsSpan(book.Bids);
        var asks = CollectionsMarshal.AsSpan(book.Asks);
        var bidSide = SideMetrics.Compute(bids, bestIsHighest: true, out var bestBid, out var bestBidQty);
        var askSide = SideMetrics.Compute(asks, bestIsHighest: false, out var bestAsk, out var bestAskQty);

        var market = bids.IsEmpty || asks.IsEmpty
            ? MarketMetrics.None
            : Market(bids, asks, bestBid, bestBidQty, bestAsk, bestAskQty);

        var snapshot = new MarketSnapshot(book.Symbol, collectedAt, bidSide, askSide, book.RejectedEntries, market);
        var levels = new BookLevels(
            book.Symbol,
            collectedAt,
            market.Mid,
            Aggregate(bids, market.Mid ?? (bids.IsEmpty ? 0 : bestBid), descending: true),
            Aggregate(asks, market.Mid ?? (asks.IsEmpty ? 0 : bestAsk), descending: false));
        return new MarketAnalysis(snapshot, levels);
    }

    private static MarketMetrics Market(
        ReadOnlySpan<BookEntry> bids, ReadOnlySpan<BookEntry> asks, double bestBid, double bestBidQty, double bestAsk, double bestAskQty)
    {
        var mid = (bestBid + bestAsk) / 2;
        var spread = bestAsk - bestBid;
        var topQty = bestBidQty + bestAskQty;
        var weight = bestBidQty / topQty;

        var percents = MarketMetrics.DepthPercents;
        Span<double> bidQty = stackalloc double[percents.Length], bidNotional = stackalloc double[percents.Length];
        Span<double> askQty = stackalloc double[percents.Length], askNotional = stackalloc double[percents.Length];
        Depth(bids, mid, isBid: true, bidQty, bidNotional);
        Depth(asks, mid, isBid: false, askQty, askNotional);
        var depth = new DepthBand[percents.Length];
        for (var i = 0; i < depth.Length; i++)
        {
            depth[i] = new DepthBand(percents[i], bidQty[i], askQty[i], bidNotional[i], askNotional[i]);
        }

        return new MarketMetrics(
            bestBid, bestAsk, mid, spread, spread / mid * 10_000, bestBid >= bestAsk, (bestBidQty - bestAskQty) / topQty,
            weight * bestAsk + (1 - weight) * bestBid, depth);
    }

    /// <summary>One pass over a side for every band: bids at or above mid·(1−x%), asks at or below mid·(1+x%).</summary>
    private static void Depth(ReadOnlySpan<BookEntry> entries, double mid, bool isBid, Span<double> qty, Span<double> notional)
    {
        var percents = MarketMetrics.DepthPercents;
        Span<double> bounds = stackalloc double[percents.Length];
        for (var i = 0; i < percents.Length; i++)
        {
            bounds[i] = isBid ? mid * (1 - percents[i] / 100) : mid * (1 + percents[i] / 100);
        }

        foreach (var entry in entries)
        {
            for (var i = 0; i < bounds.Length; i++)
            {
                if (isBid ? entry.Px >= bounds[i] : entry.Px <= bounds[i])
                {
                    qty[i] += entry.Qty;
                    notional[i] += entry.Px * entry.Qty;
                }
            }
        }
    }

    /// <summary>
    /// Sums orders per price within the window around <paramref name="reference"/>, best price first,
    /// capped. Only the best orders are sorted: a selection finds the price the best thousand or so orders
    /// reach, and widens only if those hold fewer than the levels wanted.
    /// </summary>
    private static IReadOnlyList<BookLevel> Aggregate(ReadOnlySpan<BookEntry> entries, double reference, bool descending)
    {
        if (entries.IsEmpty)
        {
            return [];
        }

        var low = reference * (1 - BookLevels.Window);
        var high = reference * (1 + BookLevels.Window);
        var keys = ArrayPool<double>.Shared.Rent(entries.Length);
        var best = ArrayPool<double>.Shared.Rent(entries.Length);
        var quantities = ArrayPool<double>.Shared.Rent(entries.Length);
        try
        {
            var count = 0;
            foreach (var entry in entries)
            {
                if (entry.Px >= low && entry.Px <= high)
                {
                    // Bids sort on the negated price so both sides come out best first.
                    keys[count++] = descending ? -entry.Px : entry.Px;
                }
            }

            // Most prices hold one or two orders: a quarter more orders than levels usually suffices.
            // A selection leaves the keys partitioned around the rank it found, so a wider one only
            // searches the keys beyond it.
            var selected = -1;
            for (var take = BookLevels.MaxLevelsPerSide * 5 / 4; ;)
            {
                var threshold = double.PositiveInfinity;
                if (take < count)
                {
                    threshold = Selection.Nth(keys.AsSpan((selected + 1)..count), take - selected - 1);
                    selected = take;
                }

                var taken = 0;
                foreach (var entry in entries)
                {
                    var key = descending ? -entry.Px : entry.Px;
                    if (entry.Px >= low && entry.Px <= high && key <= threshold)
                    {
                        best[taken] = key;
                        quantities[taken++] = entry.Qty;
                    }
                }

                Array.Sort(best, quantities, 0, taken);
                var levels = Levels(best, quantities, taken, descending);
                if (levels.Count == BookLevels.MaxLevelsPerSide || taken == count)
                {
                    return levels;
                }

                // Too many orders per price: take as many more as the orders per level seen so far need.
                take = (int)Math.Min(count, 1.5 * taken * BookLevels.MaxLevelsPerSide / Math.Max(1, levels.Count));
            }
        }
        finally
        {
            ArrayPool<double>.Shared.Return(keys);
            ArrayPool<double>.Shared.Return(best);
            ArrayPool<double>.Shared.Return(quantities);
        }
    }

    private static List<BookLevel> Levels(double[] keys, double[] quantities, int count, bool descending)
    {
        var levels = new List<BookLevel>(Math.Min(count, BookLevels.MaxLevelsPerSide));
        for (var i = 0; i < count && levels.Count < BookLevels.MaxLevelsPerSide;)
        {
            var key = keys[i];
            double qty = 0;
            var orders = 0;
            for (; i < count && keys[i] == key; i++)
            {
                qty += quantities[i];
                orders++;
            }

            levels.Add(new BookLevel(descending ? -key : key, qty, orders));
        }

        return levels;
    }
}
