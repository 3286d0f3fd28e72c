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
