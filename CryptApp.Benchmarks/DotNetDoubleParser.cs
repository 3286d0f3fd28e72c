using System.Globalization;
using CryptApp.Core.Venues;

namespace CryptApp.Benchmarks;

/// <summary>.NET's own UTF-8 parser (correctly rounded since .NET Core 3.0): the baseline.</summary>
internal readonly struct DotNetDoubleParser : IDoubleParser
{
    public static bool TryParse(ReadOnlySpan<byte> text, out double value) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

    public static int ReadJsonNumber(ReadOnlySpan<byte> data, int i, out double value) => JsonNumber.Read<DotNetDoubleParser>(data, i, out value);
}
