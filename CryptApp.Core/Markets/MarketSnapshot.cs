namespace CryptApp.Core.Markets;

/// <summary>What one ETL pass knows about one symbol: the unit written to Redis atomically.</summary>
public sealed record MarketSnapshot(
    string Symbol,
    DateTimeOffset CollectedAt,
    SideMetrics Bids,
    SideMetrics Asks,
    int RejectedEntries)
{
    public static MarketSnapshot From(OrderBook book, DateTimeOffset collectedAt) => new(
        book.Symbol,
        collectedAt,
        SideMetrics.Compute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(book.Bids)),
        SideMetrics.Compute(System.Runtime.InteropServices.CollectionsMarshal.AsSpan(book.Asks)),
        book.RejectedEntries);

    public MarketSummary ToSummary() => new(Symbol, CollectedAt, Bids.Count, Asks.Count, Bids.TotalValue, Asks.TotalValue);
}

/// <summary>The small row of the markets index: enough to list markets without loading snapshots.</summary>
public sealed record MarketSummary(
    string Symbol,
    DateTimeOffset CollectedAt,
    int BidsCount,
    int AsksCount,
    double BidsTotalValue,
    double AsksTotalValue);
