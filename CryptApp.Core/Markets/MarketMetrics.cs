using CryptApp.Contracts.Markets;

namespace CryptApp.Core.Markets;

/// <summary>
/// Market-level figures (docs/architecture.md, "Figures"). Every field is null when a side is empty, so JSON
/// never carries NaN or infinity.
/// </summary>
public sealed record MarketMetrics(
    double? BestBid,
    double? BestAsk,
    double? Mid,
    double? Spread,
    double? SpreadBps,
    bool? Crossed,
    double? Imbalance,
    double? WeightedMid,
    IReadOnlyList<DepthBand>? Depth)
{
    public static readonly double[] DepthPercents = [1, 2, 5];

    public static readonly MarketMetrics None = new(null, null, null, null, null, null, null, null, null);

    public DepthBand? DepthAt(double percent) => Depth?.FirstOrDefault(d => d.Percent == percent);
}
