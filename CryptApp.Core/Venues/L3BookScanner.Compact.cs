namespace CryptApp.Core.Venues;

/// <summary>The fast road: entries in the one shape exchanges write.</summary>
internal sealed partial class L3BookScanner<TNumbers>
{
    /// <summary>
    /// The fast road for entries written as exchanges write them, <c>{"px":N,"qty":N,"num":N}</c> with no
    /// whitespace, one after another: the index after the last one read, or <paramref name="i"/> when the
    /// first is in any other shape (or cut by the buffer's end), for <see cref="Entry"/> to read.
    /// </summary>
    private int CompactEntries(ReadOnlySpan<byte> data, int i)
    {
        var end = i;
        for (var start = i; ; start = end + 1)
        {
            var next = CompactEntry(data, start);
            if (next == 0)
            {
                return end;
            }

            end = next;
            if (end + 1 >= data.Length || data[end] != ',' || data[end + 1] != '{')
            {
                return end;
            }
        }
    }

    /// <summary>One entry in the compact shape: the index after its '}', or 0 when it is not in that shape.</summary>
    private int CompactEntry(ReadOnlySpan<byte> data, int i)
    {
        var entry = data[i..];
        if (!entry.StartsWith("{\"px\":"u8))
        {
            return 0;
        }

        var pxEnd = CompactPriceOrQuantity(entry, "{\"px\":"u8.Length, out var px);
        if (pxEnd == 0 || !entry[pxEnd..].StartsWith(",\"qty\":"u8))
        {
            return 0;
        }

        var qtyEnd = CompactPriceOrQuantity(entry, pxEnd + ",\"qty\":"u8.Length, out var qty);
        if (qtyEnd == 0 || !entry[qtyEnd..].StartsWith(",\"num\":"u8))
        {
            return 0;
        }

        var numEnd = CompactOrderId(entry, qtyEnd + ",\"num\":"u8.Length, out var num);
        if (numEnd == 0 || entry[numEnd] != '}')
        {
            return 0;
        }

        return AddEntry(i + numEnd + 1, true, true, px, qty, num);
    }

    /// <summary>An order id as <see cref="OrderId"/> reads a JSON number, digits converted as they are scanned.</summary>
    private static int CompactOrderId(ReadOnlySpan<byte> entry, int i, out long num)
    {
        ulong value = 0;
        var end = JsonNumber.Digits(entry, i, ref value);
        var digits = end - i;
        if (digits is > 0 and <= 19 && end < entry.Length && entry[end] is (byte)'}' or (byte)',' && (digits == 1 || entry[i] != '0'))
        {
            num = value <= long.MaxValue ? (long)value : 0;
            return end;
        }

        end = JsonNumber.End(entry, i);
        num = end == 0 ? 0 : Int64(entry[i..end]);
        return end;
    }

    /// <summary>A JSON number or an unescaped numeric string, read as <see cref="PriceOrQuantity"/> would; 0 for anything else.</summary>
    private static int CompactPriceOrQuantity(ReadOnlySpan<byte> entry, int i, out double value)
    {
        if (i >= entry.Length || entry[i] != '"')
        {
            return TNumbers.ReadJsonNumber(entry, i, out value);
        }

        value = double.NaN;
        var close = entry[(i + 1)..].IndexOfAny((byte)'"', (byte)'\\');
        if (close < 0 || entry[i + 1 + close] != '"')
        {
            return 0;
        }

        var text = entry.Slice(i + 1, close);
        if (text.ContainsAnyInRange((byte)0, (byte)0x1F))
        {
            return 0;
        }

        if (TNumbers.TryParse(text.Trim(" \t\r\n"u8), out var parsed))
        {
            value = parsed;
        }

        return i + close + 2;
    }
}
