using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
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
