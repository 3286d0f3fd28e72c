using System.Text.Json.Serialization;

using CryptApp.Contracts.Markets;

namespace CryptApp.Contracts.Pairs;

/// <summary>One venue's top of book and ±2 % depth for a pair (quote value Σ px·qty).</summary>
public sealed record PairVenue(
    [property: JsonPropertyName("exchange")] string Venue,
    double? BestBid,
    double? BestAsk,
    double? Mid,
    double? SpreadBps,
    double? BidDepth2Pct,
    double? AskDepth2Pct,
    DateTimeOffset CollectedAt,
    bool Stale);

/// <summary>The best price across venues, where it is and how much is there.</summary>
public sealed record BestQuote([property: JsonPropertyName("exchange")] string Venue, double Px, double Qty);

/// <summary>Quote value within 1, 2 and 5 % of the consolidated mid, summed over the fresh venues.</summary>
public sealed record ConsolidatedDepth(double Bids1Pct, double Bids2Pct, double Bids5Pct, double Asks1Pct, double Asks2Pct, double Asks5Pct);

/// <summary>
/// A pair across venues (<c>GET /api/v1/pairs/{BASE-QUOTE}</c>): every venue listed, the consolidated
/// figures from the fresh ones only. Null where no fresh venue has the side it needs.
/// </summary>
public sealed record PairView(
    string Pair,
    IReadOnlyList<PairVenue> Venues,
    BestQuote? BestBid,
    BestQuote? BestAsk,
    double? CrossVenueSpreadBps,
    double? MidDispersionBps,
    ConsolidatedDepth? ConsolidatedDepth,
    double? CostToMoveUp2Pct,
    double? CostToMoveDown2Pct);

/// <summary>What one venue contributes to a routed fill.</summary>
public sealed record VenueFill([property: JsonPropertyName("exchange")] string Venue, double Notional, double Qty, int Levels);

/// <summary>
/// A quote notional routed across the fresh venues by best price (<c>GET /api/v1/pairs/{pair}/slippage</c>):
/// VWAP and (VWAP − consolidated mid) / mid in bps, and each venue's share.
/// </summary>
public sealed record PairSlippage(
    string Pair,
    TradeSide Side,
    double Notional,
    double? Mid,
    double? Vwap,
    double? SlippageBps,
    double FilledNotional,
    double FilledQty,
    IReadOnlyList<VenueFill> Fills,
    string? Reason);

/// <summary>A pair and the venues that list it (<c>GET /api/v1/pairs</c>).</summary>
public sealed record PairListing(string Pair, IReadOnlyList<string> Venues);
