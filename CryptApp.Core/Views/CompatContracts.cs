using System.Text.Json.Serialization;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Views;

// The original system's bodies, byte-for-byte field names: existing consumers parse these.

public sealed record CompatSideSummary(
    [property: JsonPropertyName("count")] int Count,
    [property: JsonPropertyName("qty")] double Qty,
    [property: JsonPropertyName("value")] double Value)
{
    public static CompatSideSummary From(SideMetrics side) => new(side.Count, side.TotalQty, side.TotalValue);
}

public sealed record CompatMarketSummary(
    [property: JsonPropertyName("bids")] CompatSideSummary Bids,
    [property: JsonPropertyName("asks")] CompatSideSummary Asks);

public sealed record CompatEntry(
    [property: JsonPropertyName("px")] double Px,
    [property: JsonPropertyName("qty")] double Qty,
    [property: JsonPropertyName("num")] long Num,
    [property: JsonPropertyName("value")] double Value)
{
    public static CompatEntry? From(EntryValue? entry) =>
        entry is null ? null : new(entry.Px, entry.Qty, entry.Num, entry.Value);
}

public sealed record CompatSideDetail(
    [property: JsonPropertyName("average_value")] double AverageValue,
    [property: JsonPropertyName("greater_value")] CompatEntry? GreaterValue,
    [property: JsonPropertyName("lesser_value")] CompatEntry? LesserValue,
    [property: JsonPropertyName("total_qty")] double TotalQty,
    [property: JsonPropertyName("total_px")] double TotalPx)
{
    public static CompatSideDetail From(SideMetrics side) => new(
        side.AverageValue, CompatEntry.From(side.GreaterValue), CompatEntry.From(side.LesserValue), side.TotalQty, side.TotalPx);
}

public sealed record CompatBids([property: JsonPropertyName("bids")] CompatSideDetail Bids);

public sealed record CompatAsks([property: JsonPropertyName("asks")] CompatSideDetail Asks);

public sealed record CompatError(
    [property: JsonPropertyName("status")] int Status,
    [property: JsonPropertyName("message")] string Message)
{
    public static readonly CompatError CryptoNotFound = new(404001, "CRYPTO_NOT_FOUND");
}

public sealed record CompatHealth([property: JsonPropertyName("status")] string Status);
