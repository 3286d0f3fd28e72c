using CryptApp.Contracts.Markets;

namespace CryptApp.Core.Markets;

/// <summary>
/// What one ETL pass knows about one symbol: the unit written to Redis atomically. <see cref="Symbol"/>
/// is the market's compact id; <see cref="Source"/> says which venue it came from (null only in
/// a snapshot without venue fields, which is Blockchain.com's).
/// </summary>
public sealed record MarketSnapshot(
    string Symbol,
    DateTimeOffset CollectedAt,
    SideMetrics Bids,
    SideMetrics Asks,
    int RejectedEntries,
    MarketMetrics Market,
    MarketSource? Source = null)
{
    public MarketSummary ToSummary() => new(
        Symbol, CollectedAt, Market.BestBid, Market.BestAsk, Market.Mid, Market.SpreadBps, Market.Imbalance,
        Market.DepthAt(2)?.BidNotional, Market.DepthAt(2)?.AskNotional,
        Bids.Count, Asks.Count, Bids.TotalValue, Asks.TotalValue,
        Market.Spread, Market.WeightedMid,
        Market.DepthAt(1)?.BidNotional, Market.DepthAt(1)?.AskNotional, Market.DepthAt(5)?.BidNotional, Market.DepthAt(5)?.AskNotional,
        RejectedEntries,
        Source?.Id, Source?.Venue, Source?.Base, Source?.Quote, Source?.VenueSymbol, Source?.VenueTime, Stale: null, Source?.DepthComplete,
        Source?.TradingStatus, MarketStatus.Open, Source: Source?.Via, LagMs: Source?.LagMs);
}
