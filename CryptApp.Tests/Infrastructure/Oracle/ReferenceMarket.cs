namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>Market-level metrics by their definitions (docs/architecture.md, "Figures"), in decimal.</summary>
internal sealed record ReferenceMarket(
    decimal BestBid, decimal BestAsk, decimal Mid, decimal Spread, decimal SpreadBps, bool Crossed, decimal Imbalance, decimal WeightedMid,
    IReadOnlyList<(decimal Percent, decimal BidQty, decimal AskQty, decimal BidNotional, decimal AskNotional)> Depth)
{
    public static ReferenceMarket? Of(FakeBook book)
    {
        var bids = ReferenceSide.Valid(book.Bids);
        var asks = ReferenceSide.Valid(book.Asks);
        if (bids.Count == 0 || asks.Count == 0)
        {
            return null;
        }

        var bestBid = bids.Max(e => e.Px);
        var bestAsk = asks.Min(e => e.Px);
        var qb = bids.Where(e => e.Px == bestBid).Sum(e => e.Qty);
        var qa = asks.Where(e => e.Px == bestAsk).Sum(e => e.Qty);
        var mid = (bestBid + bestAsk) / 2;
        var i = qb / (qb + qa);
        var depth = new[] { 1m, 2m, 5m }.Select(x =>
        {
            var bidBand = bids.Where(e => e.Px >= mid * (1 - x / 100)).ToList();
            var askBand = asks.Where(e => e.Px <= mid * (1 + x / 100)).ToList();
            return (x, bidBand.Sum(e => e.Qty), askBand.Sum(e => e.Qty), bidBand.Sum(e => e.Px * e.Qty), askBand.Sum(e => e.Px * e.Qty));
        }).ToList();
        return new ReferenceMarket(
            bestBid, bestAsk, mid, bestAsk - bestBid, (bestAsk - bestBid) / mid * 10_000, bestBid >= bestAsk,
            (qb - qa) / (qb + qa), i * bestAsk + (1 - i) * bestBid, depth);
    }

    /// <summary>Absolute tolerance for values that can be near zero (spread, imbalance): relative to a scale.</summary>
    public static void AssertNear(decimal expected, double actual, decimal scale, string what)
    {
        var error = Math.Abs(actual - (double)expected) / (double)Math.Max(Math.Abs(scale), 1e-300m);
        Assert.True(error < 1e-9, $"{what}: expected {(double)expected:R}, got {actual:R} (error {error:E2} of {scale})");
    }
}
