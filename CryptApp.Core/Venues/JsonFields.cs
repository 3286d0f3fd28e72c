using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>Reading the fields of a venue's JSON, with the shape errors every venue needs.</summary>
internal static class JsonFields
{
    public static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    public static JsonElement Property(JsonElement element, string name, string what) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value
            : throw new VenueDataException($"{what}: no '{name}' in the body");

    public static JsonElement Array(JsonElement element, string name, string what)
    {
        var value = Property(element, name, what);
        return value.ValueKind == JsonValueKind.Array ? value : throw new VenueDataException($"{what}: '{name}' is {value.ValueKind}, not an array");
    }

    public static bool Bool(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    /// <summary>Unix milliseconds as a number or numeric string; null when absent or not a number.</summary>
    public static DateTimeOffset? UnixMilliseconds(JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object || !element.TryGetProperty(name, out var value))
        {
            return null;
        }

        var ms = L2LevelReader.Integer(value);
        return ms > 0 ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
    }

    /// <summary>Rows of a listing that carry every field an instrument needs; rows without them are not instruments.</summary>
    public static IEnumerable<(JsonElement Row, string Symbol, string Base, string Quote, string Status)> Rows(
        JsonElement rows, string symbol, string baseAsset, string quoteAsset, string status)
    {
        foreach (var row in rows.EnumerateArray())
        {
            if (String(row, symbol) is { Length: > 0 } s && String(row, baseAsset) is { Length: > 0 } b
                && String(row, quoteAsset) is { Length: > 0 } q && CanonicalPair.IsAsset(b) && CanonicalPair.IsAsset(q))
            {
                yield return (row, s, b, q, String(row, status) ?? "unknown");
            }
        }
    }
}
