using System.Globalization;
using csFastFloat;

namespace CryptApp.Core.Exchanges;

/// <summary>
/// Turns a number's UTF-8 text into the correctly rounded double, the one Python's float() gives,
/// or fails; the text is the whole number, already cut out of the JSON.
/// </summary>
public interface IDoubleParser
{
    static abstract bool TryParse(ReadOnlySpan<byte> text, out double value);
}

/// <summary>Daniel Lemire's fast_float algorithm (csFastFloat): correctly rounded, several times faster.</summary>
public readonly struct FastFloatParser : IDoubleParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        FastDoubleParser.TryParseDouble(text, out var consumed, out value) && consumed == text.Length;
}

/// <summary>.NET's own UTF-8 parser (correctly rounded since .NET Core 3.0): the baseline.</summary>
public readonly struct DotNetDoubleParser : IDoubleParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);
}

/// <summary>
/// Clinger's fast path, done while reading the digits once: a number of at most 19 significant digits
/// whose integer mantissa m ≤ 2^53 and decimal exponent |e| ≤ 22 is exactly m·10^e or m/10^−e, one
/// correctly rounded IEEE operation on two exact doubles. Everything else (and any text it does not
/// recognise) goes to <typeparamref name="TFallback"/>.
/// </summary>
public readonly struct FastPathParser<TFallback> : IDoubleParser
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

        value = exponent < 0 ? mantissa / ExactPowersOfTen[-exponent] : mantissa * ExactPowersOfTen[exponent];
        if (negative)
        {
            value = -value;
        }

        return true;
    }
}
