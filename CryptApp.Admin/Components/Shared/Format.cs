using System.Globalization;

namespace CryptApp.Admin.Components.Shared;

/// <summary>Number formatting for figures; a missing value shows as a dash.</summary>
public static class Format
{
    public static string Number(double? value, string format = "N2") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    /// <summary>
    /// Significant digits a price shows at most: more than venues quote with (77586.3 has 6; a quote below 1 with
    /// eight decimals has at most 8), fewer than float noise (0.30000000000000004) and long averages (VWAP) run to.
    /// </summary>
    private const int PriceDigits = 10;

    /// <summary>
    /// Every decimal the price has, up to <see cref="PriceDigits"/> significant digits, never in exponent form, so that a
    /// bid and an ask that differ show differently (a fixed two decimals showed 15.07 for both 15.07 and 15.0712).
    /// From 1 up at least two decimals, as money reads.
    /// </summary>
    public static string Price(double? value)
    {
        if (value is not { } v)
        {
            return "—";
        }

        // The G form has no trailing zeros, so the decimals it needs are the scale of the same digits as a decimal.
        var significant = v.ToString($"G{PriceDigits}", CultureInfo.InvariantCulture);
        var decimals = decimal.TryParse(significant, NumberStyles.Float, CultureInfo.InvariantCulture, out var exact) ? exact.Scale : 2;
        return v.ToString($"N{(Math.Abs(v) >= 1 ? Math.Max(decimals, 2) : decimals)}", CultureInfo.InvariantCulture);
    }

    public static string Duration(TimeSpan? duration) => duration is { } d ? d.TotalSeconds < 60 ? $"{d.TotalSeconds:F1} s" : $"{d.TotalMinutes:F1} min" : "—";
}
