using CryptApp.Core.Markets;

namespace CryptApp.Core.Views;

public sealed record EntryView(double Px, double Qty, long Num, double Value)
{
    public static EntryView? From(EntryValue? entry) => entry is null ? null : new(entry.Px, entry.Qty, entry.Num, entry.Value);
}

public sealed record SideView(int Count, double TotalQty, double TotalPx, double TotalValue, double AverageValue, EntryView? GreaterValue, EntryView? LesserValue)
{
    public static SideView From(SideMetrics side) => new(
        side.Count, side.TotalQty, side.TotalPx, side.TotalValue, side.AverageValue, EntryView.From(side.GreaterValue), EntryView.From(side.LesserValue));
}

/// <summary>Everything known about one market (<c>GET /api/v1/markets/{symbol}</c>).</summary>
public sealed record MarketView(
    string Symbol,
    DateTimeOffset CollectedAt,
    double? BestBid,
    double? BestAsk,
    double? Mid,
    double? Spread,
    double? SpreadBps,
    bool? Crossed,
    double? Imbalance,
    double? WeightedMid,
    IReadOnlyList<DepthBand>? Depth,
    SideView Bids,
    SideView Asks,
    int RejectedEntries)
{
    public static MarketView From(MarketSnapshot snapshot)
    {
        var m = snapshot.Market;
        return new MarketView(
            snapshot.Symbol, snapshot.CollectedAt, m.BestBid, m.BestAsk, m.Mid, m.Spread, m.SpreadBps, m.Crossed, m.Imbalance,
            m.WeightedMid, m.Depth, SideView.From(snapshot.Bids), SideView.From(snapshot.Asks), snapshot.RejectedEntries);
    }
}
