using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>Output cache, conditional requests and cross-replica coherence, against two Api replicas.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class CachingTests(RedisServerAppHost host)
{
    private const int TestTimeout = 120_000;

    [Fact(Timeout = TestTimeout)]
    public async Task A_second_identical_get_is_served_from_the_output_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        // A run's end evicts the cache every second or so: one of a few quick pairs must show a hit.
        // Each pair asks a slippage no other request asked, so its first answer cannot be cached.
        var hit = false;
        for (var attempt = 0; attempt < 10 && !hit; attempt++)
        {
            var path = $"/api/v1/markets/BTC-USD/slippage?side=buy&notional={Random.Shared.Next(1, 1_000_000_000)}.5";
            using var first = await host.Api.GetAsync(path, ct);
            var instance = first.Headers.GetValues("X-CryptApp-Instance").Single();
            Assert.False(first.Headers.Age.HasValue, "a first request cannot come from the cache");
            for (var i = 0; i < 4 && !hit; i++)
            {
                using var second = await host.Api.GetAsync(path, ct);
                hit = second.Headers.Age.HasValue && second.Headers.GetValues("X-CryptApp-Instance").Single() == instance
                      && await second.Content.ReadAsStringAsync(ct) == await first.Content.ReadAsStringAsync(ct);
            }
        }

        Assert.True(hit, "no repeated GET was answered from the output cache (no Age header)");
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Equivalent_queries_share_one_cache_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        var hit = false;
        for (var attempt = 0; attempt < 10 && !hit; attempt++)
        {
            var notional = Random.Shared.Next(1, 1_000_000);
            using var first = await host.Api.GetAsync($"/api/v1/markets/BTC-USD/slippage?side=buy&notional={notional}", ct);
            var instance = first.Headers.GetValues("X-CryptApp-Instance").Single();
            for (var i = 0; i < 4 && !hit; i++)
            {
                // The same question spelled differently: exponent form, upper-case side, parameters swapped.
                using var second = await host.Api.GetAsync($"/api/v1/markets/BTC-USD/slippage?notional={notional / 10.0:R}e1&side=BUY", ct);
                hit = second.Headers.Age.HasValue && second.Headers.GetValues("X-CryptApp-Instance").Single() == instance;
            }
        }

        Assert.True(hit, "an equivalent query was not answered from the first one's cache entry");
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Junk_query_strings_never_grow_the_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))! + ",allowAdmin=true");
        var server = redis.GetServers().Single();
        var before = await CacheLayersAsync(redis, server);

        var paths = new[] { "/api/v1/markets/BTC-USD", "/api/v1/markets", "/cryptos/BTC-USD", "/api/v1/markets/BTC-USD/book" };
        for (var batch = 0; batch < 30; batch++)
        {
            var urls = Enumerable.Range(0, 100).Select(i => $"{paths[i % paths.Length]}?junk={batch * 100 + i}&utm_source=x{i}").ToList();
            var statuses = await Task.WhenAll(urls.Select(url => GetRetryingUnavailableAsync(url, ct)));
            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        }

        // Only the two cache layers count: the fixture's Worker keeps writing runs, parts and history
        // beside this test, so the whole database's size or memory says nothing about junk queries.
        var after = await CacheLayersAsync(redis, server);
        TestContext.Current.TestOutputHelper?.WriteLine($"cache layers before: {before}; after 3,000 junk-query requests: {after}");
        Assert.True(after.Keys - before.Keys < 50, $"junk queries added {after.Keys - before.Keys} keys to the output and hybrid caches");
        // MEMORY USAGE is read on redis-server only; on the embedded server (Garnet) the key count stands alone.
        if (after.Bytes is { } bytes && before.Bytes is { } earlier)
        {
            Assert.True(bytes - earlier < 1 << 20, $"3,000 junk-query requests grew the caches by {bytes - earlier:N0} bytes");
        }
    }

    private async Task<HttpStatusCode> GetRetryingUnavailableAsync(string url, CancellationToken ct)
    {
        using var response = await ApiClientExtensions.RetryingUnavailableAsync(() => host.Api.GetAsync(url, ct), ct);
        return response.StatusCode;
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Redis_evicts_only_expiring_keys_when_full()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))! + ",allowAdmin=true");
        var server = redis.GetServers().Single();
        RedisServerOnly.Require("The memory cap (maxmemory, set on redis-server only)");

        Assert.Equal("volatile-lru", (await server.ConfigGetAsync("maxmemory-policy")).Single().Value);
        Assert.Equal(512L << 20, long.Parse((await server.ConfigGetAsync("maxmemory")).Single().Value, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Etag_gives_304_when_the_client_has_the_current_version()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        var notModified = false;
        for (var attempt = 0; attempt < 10 && !notModified; attempt++)
        {
            using var first = await host.Api.GetAsync("/api/v1/markets/BTC-USD", ct);
            var etag = first.Headers.ETag;
            Assert.NotNull(etag);
            Assert.True(etag.IsWeak, "one ETag covers every compressed variant: it must be weak");
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/markets/BTC-USD");
            request.Headers.IfNoneMatch.Add(etag);
            using var second = await host.Api.SendAsync(request, ct);
            Assert.True(second.StatusCode is HttpStatusCode.NotModified or HttpStatusCode.OK, $"got {(int)second.StatusCode}");
            // 200 only when a run replaced the data in between, with a new ETag.
            notModified = second.StatusCode == HttpStatusCode.NotModified;
            Assert.True(notModified || second.Headers.ETag != etag);
        }

        Assert.True(notModified);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task New_data_reaches_both_api_replicas_within_a_second_of_the_run_end()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);
        var connectionString = await host.App.GetConnectionStringAsync("cache", ct);
        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString!);
        var runs = new JobStore(redis);
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
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(10));
        while (await ReadMarketAsync(replica, timeout.Token) < since)
        {
            // A short pause keeps the poll from taking the CPU the replicas need.
            await Task.Delay(20, timeout.Token);
        }

        return DateTimeOffset.UtcNow;
    }

    /// <summary>Keys and (redis-server only) bytes held by the output cache and HybridCache's distributed level.</summary>
    private static async Task<(int Keys, long? Bytes)> CacheLayersAsync(IConnectionMultiplexer redis, IServer server)
    {
        var database = redis.GetDatabase();
        var measureBytes = TestRedis.Kind == TestRedisKind.RedisServer;
        var (keys, bytes) = (0, 0L);
        foreach (var pattern in new[] { "cryptapp:output:*", "cryptapp:hybrid:*" })
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1000))
            {
                keys++;
                // A key evicted between the scan and this read counts as nothing.
                bytes += measureBytes && await database.ExecuteAsync("MEMORY", "USAGE", key) is { IsNull: false } usage ? (long)usage : 0;
            }
        }

        return (keys, measureBytes ? bytes : null);
    }
}
