using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;

namespace CryptApp.UnitTests;

public sealed class MarketAnalyzerTests
{
    private static MarketAnalysis Analyze(BookEntry[] bids, BookEntry[] asks)
    {
        var book = new OrderBook("T-USD");
        book.Bids.AddRange(bids);
        book.Asks.AddRange(asks);
        return MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch);
    }

    [Fact]
    public void Market_metrics_follow_the_definitions()
    {
        // Unsorted on purpose; two orders at the best bid.
        var analysis = Analyze(
            [new(99, 1, 1), new(100, 2, 2), new(95, 4, 3), new(100, 1, 4), new(90, 10, 5)],
            [new(103, 5, 6), new(101, 1, 7), new(110, 3, 8)]);
        var m = analysis.Snapshot.Market;

        Assert.Equal(100, m.BestBid);
        Assert.Equal(101, m.BestAsk);
        Assert.Equal(100.5, m.Mid);
        Assert.Equal(1, m.Spread);
        Assert.Equal(1 / 100.5 * 10_000, m.SpreadBps);
        Assert.False(m.Crossed);
        Assert.Equal((3.0 - 1) / (3 + 1), m.Imbalance);
        Assert.Equal(0.75 * 101 + 0.25 * 100, m.WeightedMid);
    }

    [Fact]
    public void Depth_counts_orders_within_each_band_of_mid()
    {
        var analysis = Analyze(
            [new(99, 1, 1), new(100, 2, 2), new(95, 4, 3), new(100, 1, 4), new(90, 10, 5)],
            [new(103, 5, 6), new(101, 1, 7), new(110, 3, 8)]);
        var depth = analysis.Snapshot.Market.Depth!;

        // mid 100.5: 1 % band bids ≥ 99.495, asks ≤ 101.505; 2 %: ≥ 98.49, ≤ 102.51; 5 %: ≥ 95.475, ≤ 105.525.
        Assert.Equal([1.0, 2, 5], depth.Select(d => d.Percent));
        Assert.Equal(new DepthBand(1, 3, 1, 300, 101), depth[0]);
        Assert.Equal(new DepthBand(2, 4, 1, 399, 101), depth[1]);
        Assert.Equal(new DepthBand(5, 4, 6, 399, 616), depth[2]);
    }

    [Fact]
    public void Crossed_book_is_flagged_with_a_negative_spread()
    {
        var m = Analyze([new(102, 1, 1)], [new(101, 1, 2)]).Snapshot.Market;

        Assert.True(m.Crossed);
        Assert.Equal(-1, m.Spread);
        Assert.True(m.SpreadBps < 0);
    }

    [Fact]
    public void Empty_side_gives_null_market_metrics()
    {
        var analysis = Analyze([new(100, 1, 1)], []);

        Assert.Equal(MarketMetrics.None, analysis.Snapshot.Market);
        Assert.Null(analysis.Levels.Mid);
        Assert.Single(analysis.Levels.Bids);
    }

    [Fact]
    public void Levels_aggregate_orders_by_price_best_first_within_the_window()
    {
        var analysis = Analyze(
            [new(99, 1, 1), new(100, 2, 2), new(100, 1, 4), new(50, 10, 5)],
            [new(101, 1, 7), new(102, 3, 8), new(101, 2, 9), new(1000, 1, 10)]);

        Assert.Equal([new BookLevel(100, 3, 2), new BookLevel(99, 1, 1)], analysis.Levels.Bids);
        Assert.Equal([new BookLevel(101, 3, 2), new BookLevel(102, 3, 1)], analysis.Levels.Asks);
    }

    [Fact]
    public void Levels_are_capped_a_side()
    {
        var bids = Enumerable.Range(0, 5000).Select(i => new BookEntry(100 - i * 0.001, 1, i)).ToArray();

        var analysis = Analyze(bids, [new(100.001, 1, 1)]);

        Assert.Equal(BookLevels.MaxLevelsPerSide, analysis.Levels.Bids.Count);
        Assert.Equal(100, analysis.Levels.Bids[0].Px);
    }

    [Theory]
    [InlineData(50, 30_000)]
    [InlineData(900, 30_000)]
    [InlineData(5_000, 30_000)]
    [InlineData(30_000, 30_000)]
    public void Levels_of_a_deep_book_are_the_best_prices_of_a_full_sort(int distinctPrices, int orders)
    {
        var random = new Random(distinctPrices);
        BookEntry[] Side(double from, double step) => Enumerable.Range(0, orders)
            .Select(i => new BookEntry(from + step * random.Next(distinctPrices), Math.Round(random.NextDouble() * 10, 3) + 0.001, i))
            .ToArray();
        var bids = Side(99.99, -0.001);
        var asks = Side(100.01, 0.001);

        var analysis = Analyze(bids, asks);

        AssertLevels(bids.GroupBy(e => e.Px).OrderByDescending(g => g.Key), analysis.Levels.Bids);
        AssertLevels(asks.GroupBy(e => e.Px).OrderBy(g => g.Key), analysis.Levels.Asks);
    }

    private static void AssertLevels(IEnumerable<IGrouping<double, BookEntry>> expected, IReadOnlyList<BookLevel> actual)
    {
        var levels = expected.Take(BookLevels.MaxLevelsPerSide).ToList();
        Assert.Equal(levels.Count, actual.Count);
        for (var i = 0; i < levels.Count; i++)
        {
            Assert.Equal(levels[i].Key, actual[i].Px);
            Assert.Equal(levels[i].Count(), actual[i].Orders);
            // Orders at one price may be added in any order: equal up to rounding.
            Assert.Equal(levels[i].Sum(e => e.Qty), actual[i].Qty, 1e-9);
        }
    }
}
