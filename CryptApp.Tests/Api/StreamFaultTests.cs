using CryptApp.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptApp.Tests.Api;

/// <summary>
/// Streams through faults on real processes: redis-server killed with SIGKILL and started again mid-stream (the client
/// is told, then gets a fresh snapshot and the next writes), and the Api shut down (every client gets a closing status
/// and its stream ends).
/// </summary>
public sealed class StreamFaultTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(20);

    [Fact(Timeout = 90_000)]
    public async Task Redis_killed_and_restarted_mid_stream_the_client_is_told_then_resumes_with_a_snapshot_and_updates()
    {
        RedisServerOnly.Require("A Redis that keeps its data through SIGKILL (appendfsync always)");
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await RedisProcess.StartAsync(TestRedisKind.RedisServer, "--save", "", "--appendonly", "yes", "--appendfsync", "always");
        await using var connection = await StackExchange.Redis.ConnectionMultiplexer.ConnectAsync($"{redis.Endpoint},abortConnect=false,connectTimeout=2000");
        var writes = new LiveMarketWrites(new MarketStore(connection, NullLogger<MarketStore>.Instance));
        await using var api = InProcessApi.Create(redis.Endpoint).OnKestrel();
        using var client = api.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;

        var first = await writes.WriteAsync("bybit", "ETH-USDT", 3000, version: 1, TimeSpan.FromMinutes(5));
        await using var stream = await SseSubscription.OpenAsync(client, "/api/v1/markets/bybit:ETH-USDT/stream?levels=3", ct);
        await stream.SeenAsync(e => e.Type == "snapshot", Wait, "the first snapshot", ct);

        await redis.KillAsync();
        await stream.SeenAsync(e => e.Type == "status" && (string?)e.Json["state"] == "unavailable", Wait, "an unavailable status once Redis died", ct);
        await redis.StartAsync();

        var resumed = await Eventually.Value(
            () => Task.FromResult(stream.Seen.SkipWhile(e => e.Type != "status" || (string?)e.Json["state"] != "unavailable").FirstOrDefault(e => e.Type == "snapshot")),
            e => e is not null,
            Wait,
            _ => $"a fresh snapshot once Redis was back; last {stream.Seen[^1]}",
            ct);
        Assert.Equal(first.At, DateTimeOffset.Parse((string)resumed!.Json["collectedAt"]!, System.Globalization.CultureInfo.InvariantCulture));

        var after = await Eventually.Value(
            async () =>
            {
                try
                {
                    return await writes.WriteAsync("bybit", "ETH-USDT", 3001, version: 2, TimeSpan.FromMinutes(5));
                }
                catch (StackExchange.Redis.RedisConnectionException)
                {
                    return null;
                }
            },
            w => w is not null,
            Wait,
            _ => "the test's own connection to write again",
            ct);
        await stream.SeenAsync(
            e => e.Type == "update" && (string?)e.Json["collectedAt"] is { } at && DateTimeOffset.Parse(at, System.Globalization.CultureInfo.InvariantCulture) == after!.At,
            Wait,
            "the write after the restart as an update (the channel subscribed again)",
            ct);
    }

    [Fact(Timeout = 90_000)]
    public async Task An_api_shutting_down_ends_every_stream_with_a_closing_status()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = new RedisServer();
        await redis.InitializeAsync();
        var writes = new LiveMarketWrites(new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance));
        await writes.WriteAsync("okx", "ETH-USDT", 3000, version: 1, TimeSpan.FromMinutes(5));
        var api = InProcessApi.Create(redis.Endpoint).OnKestrel();
        using var client = api.CreateClient();
        client.Timeout = Timeout.InfiniteTimeSpan;
        await using var market = await SseSubscription.OpenAsync(client, "/api/v1/markets/okx:ETH-USDT/stream", ct);
        await using var pair = await SseSubscription.OpenAsync(client, "/api/v1/pairs/ETH-USDT/stream", ct);
        await market.SeenAsync(e => e.Type == "snapshot", Wait, "the market's snapshot", ct);
        await pair.SeenAsync(e => e.Type == "snapshot", Wait, "the pair's snapshot", ct);

        await api.DisposeAsync().AsTask().WaitAsync(Wait, ct);
        foreach (var stream in new[] { market, pair })
        {
            await stream.Ended.WaitAsync(Wait, ct);
            Assert.Equal("closing", (string?)stream.Seen[^1].Json["state"]);
        }
    }
}
