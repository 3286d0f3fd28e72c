using System.Text.Json.Serialization;

namespace CryptApp.Contracts.Markets;

public sealed record EntryView(double Px, double Qty, long Num, double Value);

public sealed record SideView(int Count, double TotalQty, double TotalPx, double TotalValue, double AverageValue, EntryView? GreaterValue, EntryView? LesserValue);

/// <summary>Everything known about one market (<c>GET /api/v1/markets/{symbol}</c>).</summary>
public sealed record MarketView(
    string Symbol,
    DateTimeOffset CollectedAt,
    double? BestBid,
    double? BestAsk,
    double? Mid,
    double? Spread,
    double? SpreadBps,
    bool? Crossed,
    double? Imbalance,
    double? WeightedMid,
    IReadOnlyList<DepthBand>? Depth,
    SideView Bids,
    SideView Asks,
    int RejectedEntries,
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
