using System.Text.Json.Serialization;

namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>One side's figures as the original computed them, and the px and qty Python parsed.</summary>
public sealed record OracleSide(
    int Count,
    long[] Px,
    long[] Qty,
    [property: JsonPropertyName("total_qty")] long TotalQty,
    [property: JsonPropertyName("total_px")] long TotalPx,
    [property: JsonPropertyName("total_value")] long TotalValue,
    [property: JsonPropertyName("average_value")] long AverageValue,
    [property: JsonPropertyName("greater_value")] OracleEntry? GreaterValue,
    [property: JsonPropertyName("lesser_value")] OracleEntry? LesserValue);
