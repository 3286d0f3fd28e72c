namespace CryptApp.Contracts.Markets;

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
