namespace CryptApp.Admin.Components.Shared;

/// <summary>A line (or, with <see cref="Low"/> and <see cref="High"/>, a band) of an <see cref="SvgChart"/>.</summary>
public sealed record ChartLine(string Name, string Color, IReadOnlyList<(double X, double Y)> Points, bool Fill = false)
{
    public IReadOnlyList<(double X, double Low, double High)>? Band { get; init; }
}

/// <summary>A series of a <see cref="BarChart"/>: one value per group, null where there is none.</summary>
public sealed record BarSeries(string Name, string Color, IReadOnlyList<double?> Values);
