using System.Buffers.Binary;
using System.Text.Json;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Storage;

/// <summary>
/// A history point as Redis keeps it, in at most 90 bytes: a format byte (1); a byte whose bits say which of the seven
/// optional figures are present; the time as UTC ticks; each present optional figure; the two counts; the two totals;
/// numbers little-endian, doubles as their 8 bytes (so every figure reads back bit for bit). In Redis a point then takes
/// 193 bytes where the JSON object with its names took 481 (measured: <c>CryptApp.Benchmarks -- storage</c>). A point
/// stored as that JSON object is read too.
/// </summary>
public static class HistoryPointCodec
{
    private const byte Format = 1;
    private const int MaxLength = 2 + 8 + 7 * 8 + 2 * 4 + 2 * 8;

    public static byte[] Encode(HistoryPoint point)
    {
        double?[] optional = [point.Mid, point.BestBid, point.BestAsk, point.SpreadBps, point.Imbalance, point.BidDepth2Pct, point.AskDepth2Pct];
        Span<byte> buffer = stackalloc byte[MaxLength];
        buffer[0] = Format;
        var present = 0;
        var at = 10;
        for (var i = 0; i < optional.Length; i++)
        {
            if (optional[i] is { } value)
            {
                present |= 1 << i;
                BinaryPrimitives.WriteDoubleLittleEndian(buffer[at..], value);
                at += 8;
            }
        }

        buffer[1] = (byte)present;
        BinaryPrimitives.WriteInt64LittleEndian(buffer[2..], point.T.UtcTicks);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[at..], point.BidsCount);
        BinaryPrimitives.WriteInt32LittleEndian(buffer[(at + 4)..], point.AsksCount);
        BinaryPrimitives.WriteDoubleLittleEndian(buffer[(at + 8)..], point.BidsTotalValue);
        BinaryPrimitives.WriteDoubleLittleEndian(buffer[(at + 16)..], point.AsksTotalValue);
        return buffer[..(at + 24)].ToArray();
    }

    /// <summary>The point; <see cref="JsonException"/> when the bytes are neither form.</summary>
    public static HistoryPoint Decode(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > 0 && bytes[0] == (byte)'{')
        {
            return JsonSerializer.Deserialize(bytes, StorageJsonContext.Default.HistoryPoint) ?? throw new JsonException("a history point is JSON null");
        }

        if (bytes.Length < 2 || bytes[0] != Format)
        {
            throw new JsonException("a history point is neither its binary form nor JSON");
        }

        var present = bytes[1];
        var length = 10 + 8 * System.Numerics.BitOperations.PopCount(present) + 24;
        if (bytes.Length != length || present >= 1 << 7)
        {
            throw new JsonException($"a history point of {bytes.Length} bytes where its fields take {length}");
        }

        var at = 10;
        var optional = new double?[7];
        for (var i = 0; i < optional.Length; i++)
        {
            if ((present & (1 << i)) != 0)
            {
                optional[i] = BinaryPrimitives.ReadDoubleLittleEndian(bytes[at..]);
                at += 8;
            }
        }

        return new HistoryPoint(
            new DateTimeOffset(BinaryPrimitives.ReadInt64LittleEndian(bytes[2..]), TimeSpan.Zero),
            optional[0], optional[1], optional[2], optional[3], optional[4], optional[5], optional[6],
            BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]),
            BinaryPrimitives.ReadInt32LittleEndian(bytes[(at + 4)..]),
            BinaryPrimitives.ReadDoubleLittleEndian(bytes[(at + 8)..]),
            BinaryPrimitives.ReadDoubleLittleEndian(bytes[(at + 16)..]));
    }
}
