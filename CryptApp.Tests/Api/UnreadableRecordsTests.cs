using System.Net;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.Api;

/// <summary>
/// One stored record that cannot be read (garbage written into Redis by hand) is left out of its list, and the list is
/// answered with everything else: never a 500 for the whole list.
/// </summary>
public sealed class UnreadableRecordsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly VenueMarkets _venues = new(redis);

    private IDatabase Db => redis.Connection.GetDatabase();

    [Fact]
    public async Task An_unreadable_market_index_row_is_left_out_of_the_markets_list()
    {
        await _venues.SeedAsync();
        await Db.HashSetAsync(RedisKeys.MarketIndex, "GARBAGE:BTC-USDT", "{not json");
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var markets = await VenueMarkets.JsonAsync(client, "/api/v1/markets?pageSize=100");

        Assert.Equal(6, (int)markets["total"]!);
        Assert.DoesNotContain(markets["items"]!.AsArray(), m => ((string)m!["symbol"]!).Contains("GARBAGE", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_venue_status_is_left_out_of_the_exchanges_list()
    {
        await _venues.SeedAsync();
        await Db.HashSetAsync(RedisKeys.Exchanges, "bybit", "[1, 2");
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var exchanges = (await VenueMarkets.JsonAsync(client, "/api/v1/exchanges")).AsArray();

        // Bybit is still listed, described from its stored market as a venue that reported nothing.
        Assert.Equal(6, exchanges.Count);
        Assert.Null(exchanges[5]!["budget"]);
    }

    [Fact]
    public async Task An_unreadable_book_leaves_its_venue_out_of_the_pair()
    {
        await _venues.SeedAsync();
        await Db.HashSetAsync(RedisKeys.Views("binance:BTC-USDT"), MarketStore.BookField, "\u0001\u0002garbage");
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var pair = await VenueMarkets.JsonAsync(client, "/api/v1/pairs/BTC-USDT");
        var slippage = await VenueMarkets.JsonAsync(client, "/api/v1/pairs/BTC-USDT/slippage?side=buy&notional=100");

        Assert.Equal("okx", (string)pair["bestAsk"]!["exchange"]!);
        Assert.DoesNotContain(slippage["fills"]!.AsArray(), f => (string)f!["exchange"]! == "binance");
    }

    [Fact]
    public async Task An_unreadable_history_point_is_left_out_of_the_buckets()
    {
        var now = await _venues.SeedAsync();
        await Db.SortedSetAddAsync(RedisKeys.History("binance:BTC-USDT"), "garbage", now.AddSeconds(-1).ToUnixTimeMilliseconds());
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var history = await VenueMarkets.JsonAsync(client, $"/api/v1/markets/binance:BTC-USDT/history?from={now.AddMinutes(-5):yyyy-MM-ddTHH:mm:ssZ}&interval=1h");

        Assert.Single(history["buckets"]!.AsArray());
    }

    [Fact]
    public async Task An_unreadable_run_record_is_left_out_of_the_runs_list()
    {
        await redis.FlushAsync();
        var queue = new JobQueue(redis.Connection, TimeProvider.System);
        var (good, _) = await queue.EnqueueAsync("CollectProcessCryptos", RunTriggers.Manual, null);
        await Db.HashSetAsync(RedisKeys.Run("garbage"), [new("job", "CollectProcessCryptos"), new("status", "Queued"), new("progress", "{")]);
        await Db.SortedSetAddAsync(RedisKeys.RunIndex, "garbage", 1);
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var runs = await VenueMarkets.JsonAsync(client, "/api/v1/jobs/runs");
        using var one = await client.GetAsync("/api/v1/jobs/runs/garbage", TestContext.Current.CancellationToken);

        Assert.Equal([good], runs["items"]!.AsArray().Select(r => (string)r!["id"]!));
        Assert.Equal(HttpStatusCode.NotFound, one.StatusCode);
    }
}
