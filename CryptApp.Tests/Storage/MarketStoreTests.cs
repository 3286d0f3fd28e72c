using System.Text.Json;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Core.Views;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

/// <summary>The market data layer against a real Redis: one server, and a 3-master cluster.</summary>
public abstract class MarketStoreTests(IRedisFixture redis)
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Retention = TimeSpan.FromDays(7);

    private static MarketAnalysis Snapshot(string symbol, int bids, DateTimeOffset? at = null)
    {
        var book = new OrderBook(symbol);
        book.Bids.AddRange(Enumerable.Range(1, bids).Select(i => new BookEntry(100 + i, 1, i)));
        book.Reject(RejectionReason.InvalidPrice);
        book.Reject(RejectionReason.InvalidQuantity);
        return MarketAnalyzer.Analyze(book, at ?? At);
    }

    [Fact]
    public async Task Saved_snapshot_reads_back_case_insensitively_with_its_own_spelling()
    {
        await redis.FlushAsync();
        var store = new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance);

        await store.SaveAsync(Snapshot("BTC-USD", 3), Retention);

        var read = await store.GetAsync("btc-usd");
        Assert.NotNull(read);
        Assert.Equal("BTC-USD", read.Symbol);
        Assert.Equal(3, read.Bids.Count);
        Assert.Null(read.Asks.GreaterValue);
        Assert.Equal(2, read.RejectedEntries);
        Assert.Equal(["BTC-USD"], (await store.ListAsync()).Select(m => m.Symbol));
    }

    [Fact]
    public async Task Removed_markets_lose_snapshot_and_index_row_together()
    {
        await redis.FlushAsync();
        var store = new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance);
        await store.SaveAsync(Snapshot("BTC-USD", 1), Retention);
        await store.SaveAsync(Snapshot("ETH-USD", 1), Retention);

        await store.RemoveAsync(["ETH-USD"]);

        Assert.Null(await store.GetAsync("ETH-USD"));
        Assert.Null(await store.GetBookAsync("ETH-USD"));
        Assert.Empty(await store.GetHistoryAsync("ETH-USD", DateTimeOffset.MinValue, DateTimeOffset.MaxValue));
        Assert.Equal(["BTC-USD"], await store.GetSymbolsAsync());
    }

    [Fact]
    public async Task A_closed_market_keeps_snapshot_book_and_history_loses_its_original_views_and_opens_again_on_its_next_save()
    {
        await redis.FlushAsync();
        var store = new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance);
        var ct = TestContext.Current.CancellationToken;
        var market = StoredViews.Field(StoredViewKind.Market);
        await store.SaveAsync(Snapshot("ETH-USD", 2, At.AddHours(-1)), Retention);
        await store.SaveAsync(Snapshot("ETH-USD", 2, At), Retention);
        var open = await store.GetViewAsync("ETH-USD", market, ct);

        await store.CloseAsync(["ETH-USD", "NOPE-USD"], At.AddMinutes(2));
        // Closing it again changes nothing: it closed when it first did.
        await store.CloseAsync(["eth-usd"], At.AddMinutes(4));

        var row = Assert.Single(await store.ListAsync());
        Assert.Equal((MarketStatus.Closed, At.AddMinutes(2)), (row.Status, row.ClosedAt));
        Assert.NotNull(await store.GetAsync("ETH-USD"));
        Assert.NotNull(await store.GetBookAsync("ETH-USD"));
        Assert.Equal(2, (await store.GetHistoryAsync("ETH-USD", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);
        var closed = await store.GetViewAsync("ETH-USD", market, ct);
        Assert.NotEqual(open!.Version, closed!.Version);
        // When the data was collected is stored beside it, closed or not.
        Assert.Equal((At, At), (open.CollectedAt, closed.CollectedAt));
        var view = JsonSerializer.Deserialize(closed.Json, ViewJsonContext.Default.MarketView)!;
        Assert.Equal((MarketStatus.Closed, At.AddMinutes(2), row.CollectedAt), (view.Status, view.ClosedAt, view.CollectedAt));
        Assert.Null(await store.GetViewAsync("ETH-USD", StoredViews.Field(StoredViewKind.Compat), ct));

        await store.SaveAsync(Snapshot("ETH-USD", 3, At.AddMinutes(6)), Retention);

        row = Assert.Single(await store.ListAsync());
        Assert.Equal((MarketStatus.Open, (DateTimeOffset?)null), (row.Status, row.ClosedAt));
        Assert.Equal(3, (await store.GetHistoryAsync("ETH-USD", DateTimeOffset.MinValue, DateTimeOffset.MaxValue)).Count);
        Assert.NotNull(await store.GetViewAsync("ETH-USD", StoredViews.Field(StoredViewKind.Compat), ct));
    }

    [Fact]
    public async Task Pruning_removes_markets_closed_before_the_retention_and_keeps_those_closed_since()
    {
        await redis.FlushAsync();
        var store = new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance);
        foreach (var symbol in new[] { "BTC-USD", "ETH-USD", "SOL-USD" })
        {
            await store.SaveAsync(Snapshot(symbol, 1, At.AddDays(-9)), Retention);
        }

        await store.CloseAsync(["ETH-USD"], At.AddDays(-8));
        await store.CloseAsync(["SOL-USD"], At.AddDays(-1));

        await store.PruneHistoryAsync(At - Retention, TestContext.Current.CancellationToken);

        Assert.Equal(["BTC-USD", "SOL-USD"], (await store.ListAsync()).Select(m => m.Symbol));
        Assert.Null(await store.GetAsync("ETH-USD"));
        Assert.Null(await store.GetBookAsync("ETH-USD"));
        Assert.NotNull(await store.GetAsync("SOL-USD"));
    }

    [Fact]
    public async Task History_appends_a_point_per_save_and_drops_points_past_retention()
    {
        await redis.FlushAsync();
        var store = new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance);

        await store.SaveAsync(Snapshot("BTC-USD", 1, At - TimeSpan.FromDays(8)), Retention);
        await store.SaveAsync(Snapshot("BTC-USD", 2, At - TimeSpan.FromDays(1)), Retention);
        await store.SaveAsync(Snapshot("BTC-USD", 3, At), Retention);

        var history = await store.GetHistoryAsync("BTC-USD", At - TimeSpan.FromDays(30), At);
        Assert.Equal([2, 3], history.Select(p => p.BidsCount));
        Assert.Equal(At, history[^1].T);
        var book = await store.GetBookAsync("btc-usd");
        Assert.Equal(3, book!.Bids.Count);
    }

    [Fact]
    public async Task Change_notification_is_published_on_the_markets_channel()
    {
        var received = new TaskCompletionSource<string>();
        var subscriber = redis.Connection.GetSubscriber();
        await subscriber.SubscribeAsync(RedisChannel.Literal(RedisKeys.MarketsChangedChannel), (_, value) => received.TrySetResult(value!));

        await new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance).PublishChangedAsync("run-1");

        Assert.Equal("run-1", await received.Task.Within(Timeouts.Request, "the change notification"));
    }
}
