using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Venues;

/// <summary>
/// Reads the L2 levels venues send as arrays (<c>["price", "size", …]</c>) into an <see cref="OrderBook"/>
/// side. Numbers may be JSON numbers or numeric strings, in any form the L3 parser takes (<c>5.0E-4</c>),
/// and become the same correctly rounded doubles; a level without a usable price or size is counted by
/// <see cref="OrderBook.Reject"/>, as the L3 parser does.
/// </summary>
internal static class L2LevelReader
{
    /// <summary>Reads at most <paramref name="depth"/> levels; returns how many the venue sent.</summary>
    public static int Read(JsonElement levels, OrderBook book, List<BookEntry> side, int depth, int? ordersIndex)
    {
        if (levels.ValueKind != JsonValueKind.Array)
        {
            throw new VenueDataException($"book side of {book.Symbol} is {levels.ValueKind}, not an array of levels");
        }

        var count = levels.GetArrayLength();
        foreach (var level in levels.EnumerateArray().Take(depth))
        {
            Add(level, book, side, ordersIndex);
        }

        return count;
    }

    private static void Add(JsonElement level, OrderBook book, List<BookEntry> side, int? ordersIndex)
    {
        var length = level.ValueKind == JsonValueKind.Array ? level.GetArrayLength() : 0;
        if (length < 1 || level[0].ValueKind == JsonValueKind.Null)
        {
            book.Reject(RejectionReason.MissingPrice);
        }
        else if (length < 2 || level[1].ValueKind == JsonValueKind.Null)
        {
            book.Reject(RejectionReason.MissingQuantity);
        }
        else if (Number(level[0]) is not (var px and > 0) || !double.IsFinite(px))
        {
            book.Reject(RejectionReason.InvalidPrice);
        }
        else if (Number(level[1]) is not (var qty and > 0) || !double.IsFinite(qty))
        {
            book.Reject(RejectionReason.InvalidQuantity);
        }
        else
        {
            var orders = ordersIndex is { } i && i < length ? Integer(level[i]) : 0;
            side.Add(new BookEntry(px, qty, orders));
        }
    }

    /// <summary>A JSON number or numeric string as the correctly rounded double; NaN for anything else.</summary>
    public static double Number(JsonElement value)
    {
        ReadOnlySpan<byte> raw = JsonMarshal.GetRawUtf8Value(value);
        switch (value.ValueKind)
        {
            case JsonValueKind.Number:
                break;
            case JsonValueKind.String when raw.Contains((byte)'\\'):
                // Escapes are rare enough to decode the slow way.
                return double.TryParse(value.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out var decoded) ? decoded : double.NaN;
            case JsonValueKind.String:
                raw = raw[1..^1].Trim(" \t\r\n"u8);
                break;
            default:
                return double.NaN;
        }

        return FastPathParser<FastFloatParser>.TryParse(raw, out var parsed) ? parsed : double.NaN;
    }

    /// <summary>An integer as a JSON number or numeric string; 0 when it is neither.</summary>
    public static long Integer(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Number when value.TryGetInt64(out var n) => n,
        JsonValueKind.String when long.TryParse(value.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) => n,
        _ => 0,
    };
}
