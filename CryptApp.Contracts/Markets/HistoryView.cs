namespace CryptApp.Contracts.Markets;

/// <summary>A market's history over a range, downsampled (<c>GET /api/v1/markets/{symbol}/history</c>).</summary>
public sealed record HistoryView(string Symbol, DateTimeOffset From, DateTimeOffset To, TimeSpan Interval, IReadOnlyList<HistoryBucket> Buckets);

/// <summary>One time bucket of a market's history: last values in it, and the range of mid.</summary>
public sealed record HistoryBucket(
    DateTimeOffset T,
    int Points,
    double? Mid,
    double? MidMin,
    double? MidMax,
    double? BestBid,
    double? BestAsk,
    double? SpreadBps,
    double? Imbalance,
    double? BidDepth2Pct,
    double? AskDepth2Pct,
    int BidsCount,
    int AsksCount,
    double BidsTotalValue,
    double AsksTotalValue);
