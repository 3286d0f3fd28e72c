using System.Globalization;

namespace CryptApp.Admin.Components.Shared;

/// <summary>Number formatting for figures; a missing value shows as a dash.</summary>
public static class Format
{
    public static string Number(double? value, string format = "N2") =>
        value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "—";

    public static string Price(double? value) => value is { } v ? v.ToString(v >= 1 ? "N2" : "G6", CultureInfo.InvariantCulture) : "—";

    public static string Duration(TimeSpan? duration) => duration is { } d ? d.TotalSeconds < 60 ? $"{d.TotalSeconds:F1} s" : $"{d.TotalMinutes:F1} min" : "—";
}
