using System.Net;
using StackExchange.Redis;

namespace CryptApp.Tests.Api;

/// <summary>
/// The output cache and conditional requests of one Api over a still store: nothing is announced between two
/// requests, so what the second gets is what the cache kept.
/// </summary>
public sealed class OutputCacheTests(CollectedApi host) : IClassFixture<CollectedApi>
{
    private const int TestTimeout = 120_000;

    [Fact(Timeout = TestTimeout)]
    public async Task A_second_identical_get_is_served_from_the_output_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        // A slippage no other request asked: its first answer cannot come from the cache.
        var path = $"/api/v1/markets/BTC-USD/slippage?side=buy&notional={Random.Shared.Next(1, 1_000_000_000)}.5";

        using var first = await host.Api.GetAsync(path, ct);
        using var second = await host.Api.GetAsync(path, ct);

        Assert.False(first.Headers.Age.HasValue, "a first request cannot come from the cache");
        Assert.True(second.Headers.Age.HasValue, "the repeated GET was not answered from the output cache (no Age header)");
        Assert.Equal(await first.Content.ReadAsStringAsync(ct), await second.Content.ReadAsStringAsync(ct));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Equivalent_queries_share_one_cache_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        var notional = Random.Shared.Next(1, 1_000_000);

        using var first = await host.Api.GetAsync($"/api/v1/markets/BTC-USD/slippage?side=buy&notional={notional}", ct);
        // The same question spelled differently: exponent form, upper-case side, parameters swapped.
        using var second = await host.Api.GetAsync($"/api/v1/markets/BTC-USD/slippage?notional={notional / 10.0:R}e1&side=BUY", ct);

        Assert.False(first.Headers.Age.HasValue, "a first request cannot come from the cache");
        Assert.True(second.Headers.Age.HasValue, "an equivalent query was not answered from the first one's cache entry");
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Another_host_header_is_answered_from_the_same_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        var path = $"/api/v1/markets/BTC-USD/slippage?side=sell&notional={Random.Shared.Next(1, 1_000_000_000)}.25";

        using var first = await host.Api.GetAsync(path, ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Host = "cryptapp.example:8443";
        using var second = await host.Api.SendAsync(request, ct);

        Assert.False(first.Headers.Age.HasValue, "a first request cannot come from the cache");
        Assert.True(second.Headers.Age.HasValue, "a request naming another host got an entry of its own");
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Junk_query_strings_never_grow_the_cache()
    {
        var ct = TestContext.Current.CancellationToken;
        var server = host.Redis.GetServers().Single();
        var before = await CacheLayersAsync(host.Redis, server);

        var paths = new[] { "/api/v1/markets/BTC-USD", "/api/v1/markets", "/cryptos/BTC-USD", "/api/v1/markets/BTC-USD/book" };
        for (var batch = 0; batch < 30; batch++)
        {
            var urls = Enumerable.Range(0, 100).Select(i => $"{paths[i % paths.Length]}?junk={batch * 100 + i}&utm_source=x{i}").ToList();
            var statuses = await Task.WhenAll(urls.Select(async url =>
            {
                using var response = await host.Api.GetAsync(url, ct);
                return response.StatusCode;
            }));
            Assert.All(statuses, status => Assert.Equal(HttpStatusCode.OK, status));
        }

        var after = await CacheLayersAsync(host.Redis, server);
        TestContext.Current.TestOutputHelper?.WriteLine($"cache layers before: {before}; after 3,000 junk-query requests: {after}");
        Assert.True(after.Keys - before.Keys < 50, $"junk queries added {after.Keys - before.Keys} keys to the output and hybrid caches");
        // MEMORY USAGE is read on redis-server only; on the embedded server (Garnet) the key count stands alone.
        if (after.Bytes is { } bytes && before.Bytes is { } earlier)
        {
            Assert.True(bytes - earlier < 1 << 20, $"3,000 junk-query requests grew the caches by {bytes - earlier:N0} bytes");
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Etag_gives_304_when_the_client_has_the_current_version()
    {
        var ct = TestContext.Current.CancellationToken;

        using var first = await host.Api.GetAsync("/api/v1/markets/BTC-USD", ct);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(etag.IsWeak, "one ETag covers every compressed variant: it must be weak");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/markets/BTC-USD");
        request.Headers.IfNoneMatch.Add(etag);
        using var second = await host.Api.SendAsync(request, ct);

        Assert.Equal(HttpStatusCode.NotModified, second.StatusCode);
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
