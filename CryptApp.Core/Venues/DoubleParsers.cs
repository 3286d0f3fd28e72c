using System.Buffers.Binary;
using csFastFloat;

namespace CryptApp.Core.Venues;

/// <summary>
/// Turns a number's UTF-8 text into the correctly rounded double, the one Python's float() gives,
/// or fails; the text is the whole number, already cut out of the JSON.
/// </summary>
internal interface IDoubleParser
{
    static abstract bool TryParse(ReadOnlySpan<byte> text, out double value);

    /// <summary>
    /// Reads the JSON number at <paramref name="i"/>: the index after it (the value NaN when it does not
    /// convert), or 0 when the bytes there are not a valid number followed by at least one more byte.
    /// </summary>
    static abstract int ReadJsonNumber(ReadOnlySpan<byte> data, int i, out double value);
}

/// <summary>Daniel Lemire's fast_float algorithm (csFastFloat): correctly rounded, several times faster.</summary>
internal readonly struct FastFloatParser : IDoubleParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        FastDoubleParser.TryParseDouble(text, out var consumed, out value) && consumed == text.Length;

    public static int ReadJsonNumber(ReadOnlySpan<byte> data, int i, out double value) => JsonNumber.Read<FastFloatParser>(data, i, out value);
}

/// <summary>
/// Clinger's fast path, done while reading the digits once: a number of at most 19 significant digits
/// whose integer mantissa m ≤ 2^53 and decimal exponent |e| ≤ 22 is exactly m·10^e or m/10^−e, one
/// correctly rounded IEEE operation on two exact doubles. Everything else (and any text it does not
/// recognise) goes to <typeparamref name="TFallback"/>.
/// </summary>
internal readonly struct FastPathParser<TFallback> : IDoubleParser
    where TFallback : IDoubleParser
{
    private const int MaxDigits = 19;
    private const ulong MaxExactMantissa = 1UL << 53;

    private static readonly double[] ExactPowersOfTen =
    [
        1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
        1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22,
    ];

    public static bool TryParse(ReadOnlySpan<byte> text, out double value)
    {
        var i = 0;
        var negative = text.Length > 0 && text[0] == '-';
        if (negative)
        {
            i++;
        }

        ulong mantissa = 0;
        var digits = 0;
        var exponent = 0;
        var integerStart = i;
        for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++)
        {
            mantissa = mantissa * 10 + (uint)(text[i] - '0');
        }

        var valid = i > integerStart;
        if (i < text.Length && text[i] == '.')
        {
            var fractionStart = ++i;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9; i++, digits++)
            {
                mantissa = mantissa * 10 + (uint)(text[i] - '0');
            }

            exponent = fractionStart - i;
            valid &= i > fractionStart;
        }

        if (i < text.Length && (text[i] | 0x20) == 'e')
        {
            var exponentNegative = ++i < text.Length && text[i] == '-';
            if (i < text.Length && text[i] is (byte)'-' or (byte)'+')
            {
                i++;
            }

            var written = 0;
            var exponentStart = i;
            for (; i < text.Length && (uint)(text[i] - '0') <= 9 && i - exponentStart < 4; i++)
            {
                written = written * 10 + (text[i] - '0');
            }

            exponent += exponentNegative ? -written : written;
            valid &= i > exponentStart;
        }

        if (!valid || i != text.Length || digits > MaxDigits || mantissa > MaxExactMantissa || exponent is < -22 or > 22)
        {
            return TFallback.TryParse(text, out value);
        }

        value = Exact(mantissa, exponent, negative);
        return true;
    }

    /// <summary>The same fast path fused with the scan of a JSON number, so its digits are read once.</summary>
    public static int ReadJsonNumber(ReadOnlySpan<byte> data, int i, out double value)
    {
        value = double.NaN;
        var p = i;
        var negative = p < data.Length && data[p] == '-';
        if (negative)
        {
            p++;
        }

        ulong mantissa = 0;
        var integerStart = p;
        p = JsonNumber.Digits(data, p, ref mantissa);
        var digits = p - integerStart;
        if (digits == 0 || p == data.Length || (data[integerStart] == '0' && digits > 1))
        {
            return 0;
        }

        var exponent = 0;
        if (data[p] == '.')
        {
            var fractionStart = ++p;
            p = JsonNumber.Digits(data, p, ref mantissa);
            if (p == fractionStart || p == data.Length)
            {
                return 0;
            }

            digits += p - fractionStart;
            exponent = fractionStart - p;
        }

        if ((data[p] | 0x20) == 'e')
        {
            var exponentNegative = ++p < data.Length && data[p] == '-';
            if (p < data.Length && data[p] is (byte)'-' or (byte)'+')
            {
                p++;
            }

            var written = 0;
            var exponentStart = p;
            for (; p < data.Length && (uint)(data[p] - '0') <= 9; p++)
            {
                // Past a few digits the fallback judges the number; only overflow must be avoided here.
                written = Math.Min(written * 10 + (data[p] - '0'), 100_000);
            }

            if (p == exponentStart || p == data.Length)
            {
                return 0;
            }

            exponent += exponentNegative ? -written : written;
        }

        if (digits > MaxDigits || mantissa > MaxExactMantissa || exponent is < -22 or > 22)
        {
            if (TFallback.TryParse(data[i..p], out var parsed))
            {
                value = parsed;
            }

            return p;
        }

        value = Exact(mantissa, exponent, negative);
        return p;
    }

    private static double Exact(ulong mantissa, int exponent, bool negative)
    {
        var value = exponent < 0 ? mantissa / ExactPowersOfTen[-exponent] : mantissa * ExactPowersOfTen[exponent];
        return negative ? -value : value;
    }
}

/// <summary>RFC 8259's number grammar over UTF-8 bytes.</summary>
internal static class JsonNumber
{
    /// <summary>The end of the valid JSON number at <paramref name="i"/> if at least one byte follows it, else 0.</summary>
    public static int End(ReadOnlySpan<byte> data, int i)
    {
        var p = i;
        if (p < data.Length && data[p] == '-')
        {
            p++;
        }

        var integerStart = p;
        p = Digits(data, p);
        if (p == integerStart || p == data.Length || (data[integerStart] == '0' && p > integerStart + 1))
        {
            return 0;
        }

        if (data[p] == '.')
        {
            var fractionStart = ++p;
            p = Digits(data, p);
            if (p == fractionStart || p == data.Length)
            {
                return 0;
            }
        }

        if ((data[p] | 0x20) == 'e')
        {
            p++;
            if (p < data.Length && data[p] is (byte)'+' or (byte)'-')
            {
                p++;
            }

            var exponentStart = p;
            p = Digits(data, p);
            if (p == exponentStart || p == data.Length)
            {
                return 0;
            }
        }

        return p;
    }

    public static int Read<TParser>(ReadOnlySpan<byte> data, int i, out double value)
        where TParser : IDoubleParser
    {
        var end = End(data, i);
        value = end > 0 && TParser.TryParse(data[i..end], out var parsed) ? parsed : double.NaN;
        return end;
    }

    /// <summary>
    /// Reads a run of digits into <paramref name="value"/> (which wraps past 19 digits: callers count
    /// them), eight at a time where it can (SWAR, as fast_float does), since order ids run to 19 digits.
    /// </summary>
    public static int Digits(ReadOnlySpan<byte> data, int p, ref ulong value)
    {
        while (p + 8 <= data.Length)
        {
            var chunk = BinaryPrimitives.ReadUInt64LittleEndian(data.Slice(p, 8));
            if ((((chunk + 0x4646464646464646) | (chunk - 0x3030303030303030)) & 0x8080808080808080) != 0)
            {
                break;
            }

            chunk -= 0x3030303030303030;
            chunk = (chunk * 10) + (chunk >> 8);
            chunk = (((chunk & 0x000000FF000000FF) * 0x000F424000000064) + (((chunk >> 16) & 0x000000FF000000FF) * 0x0000271000000001)) >> 32;
            value = value * 100_000_000 + (uint)chunk;
            p += 8;
        }

        for (; p < data.Length && (uint)(data[p] - '0') <= 9; p++)
        {
            value = value * 10 + (uint)(data[p] - '0');
        }

        return p;
    }

    public static int Digits(ReadOnlySpan<byte> data, int p)
    {
        // Runs are a few digits long: a plain loop beats a vectorised search's set-up.
        while (p < data.Length && (uint)(data[p] - '0') <= 9)
        {
            p++;
        }

        return p;
    }
}
