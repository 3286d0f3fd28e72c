namespace CryptApp.Admin.Services;

// The Api's contract as the Admin reads it; the Admin never touches Redis.

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);

public sealed record MarketSummary(
    string Symbol, DateTimeOffset CollectedAt, double? BestBid, double? BestAsk, double? Mid, double? SpreadBps, double? Imbalance,
    double? BidDepth2Pct, double? AskDepth2Pct, int BidsCount, int AsksCount, double BidsTotalValue, double AsksTotalValue);

public sealed record EntryView(double Px, double Qty, long Num, double Value);

public sealed record SideView(int Count, double TotalQty, double TotalPx, double TotalValue, double AverageValue, EntryView? GreaterValue, EntryView? LesserValue);

public sealed record DepthBand(double Percent, double BidQty, double AskQty, double BidNotional, double AskNotional);

public sealed record MarketView(
    string Symbol, DateTimeOffset CollectedAt, double? BestBid, double? BestAsk, double? Mid, double? Spread, double? SpreadBps, bool? Crossed,
    double? Imbalance, double? WeightedMid, IReadOnlyList<DepthBand>? Depth, SideView Bids, SideView Asks, int RejectedEntries);

public sealed record BookLevel(double Px, double Qty, int Orders);

public sealed record BookLevels(string Symbol, DateTimeOffset CollectedAt, double? Mid, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks);

public sealed record HistoryBucket(
    DateTimeOffset T, int Points, double? Mid, double? MidMin, double? MidMax, double? BestBid, double? BestAsk, double? SpreadBps,
    double? Imbalance, double? BidDepth2Pct, double? AskDepth2Pct, int BidsCount, int AsksCount, double BidsTotalValue, double AsksTotalValue);

public sealed record HistoryView(string Symbol, DateTimeOffset From, DateTimeOffset To, TimeSpan Interval, IReadOnlyList<HistoryBucket> Buckets);

public sealed record SlippageEstimate(
    string Side, double Notional, double? Mid, double? Vwap, double? SlippageBps, double FilledNotional, double FilledQty, int LevelsUsed, string? Reason);

public sealed record JobInfo(string Name, string Id, string Description, string Schedule, DateTimeOffset? PreviousFireAt, DateTimeOffset? NextFireAt);

public sealed record RunError(string Symbol, string Reason);

public sealed record RunRecord(
    string Id, string Job, string Trigger, string Status, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt, int SymbolsTotal, int SymbolsDone,
    int SymbolsSucceeded, int SymbolsFailed, int EntriesAccepted, int EntriesRejected, IReadOnlyList<RunError> Errors,
    string? Reason = null, int Attempt = 1, string? RetryOf = null)
{
    public bool IsFinal => Status is "Succeeded" or "PartiallySucceeded" or "Failed" or "Canceled";

    public TimeSpan? Duration => StartedAt is { } start && FinishedAt is { } end ? end - start : null;
}

/// <summary>An error answer of the Api, carrying its problem details' readable text.</summary>
public sealed class ApiException(string message) : Exception(message);
