using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>The caches of the deployed shape: two Api replicas kept coherent as the Worker collects, and Redis capped.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class CachingTests(RedisServerAppHost host)
{
    private const int TestTimeout = 120_000;

    [Fact(Timeout = TestTimeout)]
    public async Task Redis_evicts_only_expiring_keys_when_full()
    {
        var ct = TestContext.Current.CancellationToken;
        RedisServerOnly.Require("The memory cap (maxmemory, set on redis-server only)");
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))! + ",allowAdmin=true");
        var server = redis.GetServers().Single();

        Assert.Equal("volatile-lru", (await server.ConfigGetAsync("maxmemory-policy")).Single().Value);
        Assert.Equal(512L << 20, long.Parse((await server.ConfigGetAsync("maxmemory")).Single().Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task New_data_reaches_both_api_replicas_within_a_second_of_the_run_end()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);
        var connectionString = await host.App.GetConnectionStringAsync("cache", ct);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var runs = new JobStore(redis, NullLogger<JobStore>.Instance);
        var announced = System.Threading.Channels.Channel.CreateUnbounded<(string RunId, DateTimeOffset At)>();
        await redis.GetSubscriber().SubscribeAsync(
            RedisChannel.Literal(RedisKeys.MarketsChangedChannel),
            (_, message) => announced.Writer.TryWrite((message.ToString(), DateTimeOffset.UtcNow)));

        // One kept-alive connection per replica: polls then measure the replicas, not connection set-up.
        using var replicas = await ApiReplicas.ConnectAsync(host, 2, ct);
        for (var round = 0; round < 3; round++)
        {
            // Warm both replicas' caches, then wait for the Worker's next announcement.
            await Task.WhenAll(replicas.Clients.Select(client => ReadMarketAsync(client, ct)));
            while (announced.Reader.TryRead(out _))
            {
            }

            var (runId, at) = await announced.Reader.ReadAsync(ct).AsTask().Within(Timeouts.Collection, "a run to end");
            var run = await runs.GetAsync(runId);
            var fresh = await Task.WhenAll(replicas.Clients.Select(client => WaitUntilFreshAsync(client, run!.StartedAt!.Value, ct)));

            Assert.True(fresh.Max() - at <= TimeSpan.FromSeconds(1),
                $"run {runId}: replicas served its data {string.Join(" and ", fresh.Select(f => $"{(f - at).TotalMilliseconds:F0} ms"))} after its announcement");
        }
    }

    private static async Task<DateTimeOffset> ReadMarketAsync(HttpClient client, CancellationToken ct)
    {
        using var response = await client.GetAsync("/api/v1/markets/BTC-USD", ct);
        response.EnsureSuccessStatusCode();
        var market = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        return DateTimeOffset.Parse((string)market["collectedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Polls one replica until it answers with data collected at or after <paramref name="since"/>; when it did.</summary>
    private static async Task<DateTimeOffset> WaitUntilFreshAsync(HttpClient replica, DateTimeOffset since, CancellationToken ct)
    {
        // A short pause between polls keeps them from taking the CPU the replicas need.
        await Eventually.Value(
            () => ReadMarketAsync(replica, ct),
            collectedAt => collectedAt >= since,
            TimeSpan.FromSeconds(10),
            collectedAt => $"{replica.BaseAddress} to serve data collected at or after {since:O}; it served {collectedAt:O}",
            ct,
            TimeSpan.FromMilliseconds(20));
        return DateTimeOffset.UtcNow;
    }
}
