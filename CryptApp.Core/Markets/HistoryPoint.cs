namespace CryptApp.Core.Markets;

/// <summary>The key figures of one symbol at one run, appended to its time series.</summary>
public sealed record HistoryPoint(
    DateTimeOffset T,
    double? Mid,
    double? BestBid,
    double? BestAsk,
    double? SpreadBps,
    double? Imbalance,
    double? BidDepth2Pct,
    double? AskDepth2Pct,
    int BidsCount,
    int AsksCount,
    double BidsTotalValue,
    double AsksTotalValue)
{
    public static HistoryPoint From(MarketSnapshot snapshot)
    {
        var market = snapshot.Market;
        var depth = market.DepthAt(2);
        return new HistoryPoint(
            snapshot.CollectedAt, market.Mid, market.BestBid, market.BestAsk, market.SpreadBps, market.Imbalance,
            depth?.BidNotional, depth?.AskNotional,
            snapshot.Bids.Count, snapshot.Asks.Count, snapshot.Bids.TotalValue, snapshot.Asks.TotalValue);
    }
}
