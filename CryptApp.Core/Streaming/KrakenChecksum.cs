using System.Globalization;
using System.IO.Hashing;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Kraken's book checksum (WebSocket v2 guide "Book checksum"): the top 10 asks low to high, then the top 10 bids high
/// to low; for each level the price and then the quantity, each written with the pair's decimals, its '.' removed and
/// its leading zeros stripped; CRC32 of the concatenation as an unsigned 32-bit integer. Where the pair's decimals are
/// not known, each number is written with the digits the venue sent.
/// </summary>
public static class KrakenChecksum
{
    public const int Levels = 10;

    public static uint Compute(LiveBook book, int? priceDecimals, int? sizeDecimals)
    {
        // 20 levels, two numbers each, at most 31 characters per decimal.
        Span<byte> text = stackalloc byte[Levels * 2 * 2 * 32];
        var length = 0;
        Append(book.Asks, priceDecimals, sizeDecimals, text, ref length);
        Append(book.Bids, priceDecimals, sizeDecimals, text, ref length);
        return Crc32.HashToUInt32(text[..length]);
    }

    /// <summary>The string Kraken hashes, for a failure message or a test.</summary>
    public static string Text(LiveBook book, int? priceDecimals, int? sizeDecimals)
    {
        Span<byte> text = stackalloc byte[Levels * 2 * 2 * 32];
        var length = 0;
        Append(book.Asks, priceDecimals, sizeDecimals, text, ref length);
        Append(book.Bids, priceDecimals, sizeDecimals, text, ref length);
        return System.Text.Encoding.ASCII.GetString(text[..length]);
    }

    private static void Append(LiveBookSide side, int? priceDecimals, int? sizeDecimals, Span<byte> text, ref int length)
    {
        for (var i = 0; i < Math.Min(Levels, side.Count); i++)
        {
            Write(side.PriceAt(i), priceDecimals, text, ref length);
            Write(side.SizeAt(i), sizeDecimals, text, ref length);
        }
    }

    private static void Write(decimal value, int? decimals, Span<byte> text, ref int length)
    {
        Span<byte> digits = stackalloc byte[32];
        Span<char> format = stackalloc char[3];
        var written = 0;
        var formatted = decimals is { } d and >= 0 and <= 28
            ? FormatFixed(value, d, digits, format, out written)
            : value.TryFormat(digits, out written, default, CultureInfo.InvariantCulture);
        if (!formatted)
        {
            throw new FormatException($"{value} does not fit a checksum level");
        }

        var leading = true;
        foreach (var b in digits[..written])
        {
            if (b == (byte)'.' || (leading && b == (byte)'0'))
            {
                continue;
            }

            leading = false;
            text[length++] = b;
        }
    }

    private static bool FormatFixed(decimal value, int decimals, Span<byte> digits, Span<char> format, out int written)
    {
        format[0] = 'F';
        decimals.TryFormat(format[1..], out var n, default, CultureInfo.InvariantCulture);
        return value.TryFormat(digits, out written, format[..(1 + n)], CultureInfo.InvariantCulture);
    }
}
