using System.Text.Json.Serialization;

namespace CryptApp.Contracts.Markets;

/// <summary>
/// The small row of the markets index: enough to list markets without loading snapshots.
/// <see cref="Id"/> is <c>{venue}:{BASE-QUOTE}</c> (a bare pair for Blockchain.com, so <see cref="Symbol"/>
/// equals it there); <see cref="Stale"/> is decided when served (older than twice the venue's interval);
/// <see cref="DepthComplete"/> is false where the venue's depth limit stops before 5 % from mid; <see cref="Status"/>
/// is <see cref="MarketStatus"/>'s, <see cref="ClosedAt"/> when it closed.
/// </summary>
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
    int RejectedEntries = 0,
    string? Id = null,
    [property: JsonPropertyName("exchange")] string? Venue = null,
    string? Base = null,
    string? Quote = null,
    string? VenueSymbol = null,
    [property: JsonPropertyName("exchangeTime")] DateTimeOffset? VenueTime = null,
    bool? Stale = null,
    bool? DepthComplete = null,
    string? TradingStatus = null,
    string? Status = null,
    DateTimeOffset? ClosedAt = null,
    string? Source = null,
    long? LagMs = null);
