using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Views;

/// <summary>A snapshot as the Api serves it; here, not on the contract, which knows nothing of the Core.</summary>
public static class SnapshotMapping
{
    extension(MarketView)
    {
        public static MarketView From(MarketSnapshot snapshot)
        {
            var m = snapshot.Market;
            var source = snapshot.Source;
            // Stale is left to the Api, which knows how old the market is when it serves it.
            return new MarketView(
                snapshot.Symbol, snapshot.CollectedAt, m.BestBid, m.BestAsk, m.Mid, m.Spread, m.SpreadBps, m.Crossed, m.Imbalance,
                m.WeightedMid, m.Depth, Side(snapshot.Bids), Side(snapshot.Asks), snapshot.RejectedEntries,
                source?.Id, source?.Venue, source?.Base, source?.Quote, source?.VenueSymbol, source?.VenueTime, Stale: null, source?.DepthComplete,
                source?.TradingStatus, MarketStatus.Open, Source: source?.Via, LagMs: source?.LagMs);
        }
    }

    private static SideView Side(SideMetrics side) => new(
        side.Count, side.TotalQty, side.TotalPx, side.TotalValue, side.AverageValue, Entry(side.GreaterValue), Entry(side.LesserValue));

    private static EntryView? Entry(EntryValue? entry) => entry is null ? null : new(entry.Px, entry.Qty, entry.Num, entry.Value);
}
