namespace CryptApp.Core.Markets;

/// <summary>What one ETL pass knows about one symbol: the unit written to Redis atomically.</summary>
public sealed record MarketSnapshot(
    string Symbol,
    DateTimeOffset CollectedAt,
    SideMetrics Bids,
    SideMetrics Asks,
    int RejectedEntries,
    MarketMetrics Market)
{
    public MarketSummary ToSummary() => new(
        Symbol, CollectedAt, Market.BestBid, Market.BestAsk, Market.Mid, Market.SpreadBps, Market.Imbalance,
        Market.DepthAt(2)?.BidNotional, Market.DepthAt(2)?.AskNotional,
        Bids.Count, Asks.Count, Bids.TotalValue, Asks.TotalValue,
        Market.Spread, Market.WeightedMid,
        Market.DepthAt(1)?.BidNotional, Market.DepthAt(1)?.AskNotional, Market.DepthAt(5)?.BidNotional, Market.DepthAt(5)?.AskNotional,
        RejectedEntries);
}

/// <summary>The small row of the markets index: enough to list markets without loading snapshots.</summary>
public sealed record MarketSummary(
    string Symbol,
    DateTimeOffset CollectedAt,
    double? BestBid,
    double? BestAsk,
    double? Mid,
    double? SpreadBps,
    double? Imbalance,
    double? BidDepth2Pct,
    double? AskDepth2Pct,
    int BidsCount,
    int AsksCount,
    double BidsTotalValue,
    double AsksTotalValue,
    double? Spread = null,
    double? WeightedMid = null,
    double? BidDepth1Pct = null,
    double? AskDepth1Pct = null,
    double? BidDepth5Pct = null,
    double? AskDepth5Pct = null,
    int RejectedEntries = 0);
