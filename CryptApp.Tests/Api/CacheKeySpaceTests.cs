using System.Net;

namespace CryptApp.Tests.Api;

/// <summary>
/// Hostile clients against the Api process as deployed: however they spell a resource, it costs one output-cache entry;
/// however many distinct valid questions they ask, the process's memory stays bounded.
/// </summary>
public sealed class CacheKeySpaceTests(ApiProcess host) : IClassFixture<ApiProcess>
{
    /// <summary>Twenty resources, each with the ways a client may spell it; every spelling means the same answer.</summary>
    private static readonly DateTimeOffset Day = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    private static readonly (string Path, Func<Random, string> Spell)[] Resources =
    [
        .. new[] { "BTC-USD", "GEN00-USD", "GEN01-USD", "GEN02-USD", "CROSS-USD" }.Select(id => ($"/api/v1/markets/{id}", (Func<Random, string>)(r => $"/api/v1/markets/{Id(r, id)}"))),
        .. new[] { "BTC-USD", "GEN00-USD", "GEN01-USD" }.Select(id => ($"/api/v1/markets/{id}/book", (Func<Random, string>)(r => $"/api/v1/markets/{Id(r, id)}/book"))),
        .. new[] { "BTC-USD", "GEN00-USD", "GEN01-USD" }.Select(id => ($"/cryptos/{id}", (Func<Random, string>)(r => $"/cryptos/{Spellings.Case(r, id)}"))),
        ("/api/v1/markets/BTC-USD/slippage?side=buy&notional=1000", r => Spellings.Query(r, $"/api/v1/markets/{Id(r, "BTC-USD")}/slippage", ("side", Spellings.Case(r, "buy")), ("notional", Spellings.Number(r, 1000)))),
        ("/api/v1/markets/BTC-USD/slippage?side=sell&notional=250", r => Spellings.Query(r, $"/api/v1/markets/{Id(r, "BTC-USD")}/slippage", ("side", Spellings.Case(r, "sell")), ("notional", Spellings.Number(r, 250)))),
        ("/api/v1/markets/GEN00-USD/slippage?side=buy&notional=50000", r => Spellings.Query(r, $"/api/v1/markets/{Id(r, "GEN00-USD")}/slippage", ("side", Spellings.Case(r, "buy")), ("notional", Spellings.Number(r, 50000)))),
        ("/api/v1/markets/BTC-USD/history?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&interval=1h", r => Spellings.Query(
            r, $"/api/v1/markets/{Id(r, "BTC-USD")}/history", ("from", Spellings.Time(r, Day)), ("to", Spellings.Time(r, Day.AddDays(1))), ("interval", Spellings.Hour(r)))),
        ("/api/v1/markets/GEN00-USD/history?from=2026-12-01T00:00:00Z&to=2026-12-02T00:00:00Z&interval=1h", r => Spellings.Query(
            r, $"/api/v1/markets/{Id(r, "GEN00-USD")}/history", ("from", Spellings.Time(r, Day)), ("to", Spellings.Time(r, Day.AddDays(1))), ("interval", Spellings.Hour(r)))),
        ("/api/v1/markets?sort=mid&order=desc&page=1&pageSize=5", r => Spellings.Query(
            r, "/api/v1/markets", ("sort", Spellings.Case(r, "mid")), ("order", "desc"), ("page", Spellings.Integer(r, 1)), ("pageSize", Spellings.Integer(r, 5)))),
        ("/api/v1/markets?sort=mid&order=desc&page=2&pageSize=5", r => Spellings.Query(
            r, "/api/v1/markets", ("sort", Spellings.Case(r, "mid")), ("order", "desc"), ("page", Spellings.Integer(r, 2)), ("pageSize", Spellings.Integer(r, 5)))),
        ("/api/v1/markets?exchange=blockchain&quote=USD", r => Spellings.Query(r, "/api/v1/markets", ("exchange", Spellings.Case(r, "blockchain")), ("quote", Spellings.Case(r, "usd")))),
        ("/api/v1/pairs/BTC-USD", r => $"/api/v1/pairs/{Spellings.Case(r, "btc-usd")}"),
    ];

    [Fact(Timeout = 300_000)]
    public async Task Five_thousand_spellings_of_twenty_resources_add_at_most_twenty_entries_and_under_a_megabyte()
    {
        var ct = TestContext.Current.CancellationToken;
        Assert.Equal(20, Resources.Length);
        var before = await CacheLayersAsync();
        var random = new Random(21);

        for (var batch = 0; batch < 50; batch++)
        {
            var requests = Enumerable.Range(0, 100).Select(_ =>
            {
                var (_, spell) = Resources[random.Next(Resources.Length)];
                return Spellings.Request(random, spell(random));
            }).ToList();
            var answers = await Task.WhenAll(requests.Select(async request =>
            {
                using (request)
                {
                    using var response = await host.Api.SendAsync(request, ct);
                    return (Url: request.RequestUri!.OriginalString, response.StatusCode);
                }
            }));
            Assert.All(answers, a => Assert.True(a.StatusCode == HttpStatusCode.OK, $"{a.Url}: {(int)a.StatusCode}"));
        }

        var after = await CacheLayersAsync();
        TestContext.Current.TestOutputHelper?.WriteLine($"output-cache entries and cache-layer bytes before: {before}; after 5,000 spellings: {after}");
        Assert.True(after.Entries - before.Entries <= 20, $"5,000 spellings of 20 resources added {after.Entries - before.Entries} output-cache entries");
        if (after.Bytes is { } bytes && before.Bytes is { } earlier)
        {
            Assert.True(bytes - earlier < 1 << 20, $"5,000 spellings grew the cache layers by {bytes - earlier:N0} bytes");
        }
    }

    [Fact(Timeout = 300_000)]
    public async Task Distinct_history_ranges_and_notionals_keep_the_working_set_within_50_mb_of_its_start()
    {
        var ct = TestContext.Current.CancellationToken;
        var end = host.CollectedAt;
        string Url(int i) => i % 2 == 0
            ? FormattableString.Invariant($"/api/v1/markets/GEN0{i % 10 / 2}-USD/slippage?side={(i % 4 == 0 ? "buy" : "sell")}&notional={1_000 + i}")
            : FormattableString.Invariant(
                $"/api/v1/markets/BTC-USD/history?from={end.AddSeconds(-3_600 - 10 * i):yyyy-MM-ddTHH:mm:ssZ}&to={end.AddSeconds(-10 * i):yyyy-MM-ddTHH:mm:ssZ}&interval=10s");

        // Warmed up by 20,000 distinct questions first: the JIT, the pools, the GC's budgets and every cache level reach
        // their working size (in runs seen, the process stops growing after 20,000 to 30,000). Then 10,000 questions no
        // client asked before must fit in what the caches give up.
        await SendAsync(Enumerable.Range(10_000, 20_000).Select(Url), ct);
        var start = host.ResidentBytes;
        await SendAsync(Enumerable.Range(0, 10_000).Select(Url), ct);
        var after = host.ResidentBytes;

        TestContext.Current.TestOutputHelper?.WriteLine($"Api resident memory warmed up: {Mb(start)}; after 10,000 distinct questions: {Mb(after)}");
        Assert.True(after - start < 50L << 20, $"10,000 distinct questions grew the Api from {Mb(start)} to {Mb(after)}");
    }

    private static string Mb(long bytes) => $"{bytes / 1048576.0:F1} MB";

    private async Task SendAsync(IEnumerable<string> urls, CancellationToken ct)
    {
        foreach (var chunk in urls.Chunk(50))
        {
            var statuses = await Task.WhenAll(chunk.Select(async url =>
            {
                using var response = await host.Api.GetAsync(url, ct);
                return (Url: url, response.StatusCode);
            }));
            Assert.All(statuses, s => Assert.True(s.StatusCode == HttpStatusCode.OK, $"{s.Url}: {(int)s.StatusCode}"));
        }
    }

    /// <summary>The output cache's entries in Redis (not its tag sets), and (redis-server only) the bytes of both cache layers.</summary>
    private async Task<(int Entries, long? Bytes)> CacheLayersAsync()
    {
        var server = host.Redis.GetServers().Single();
        var database = host.Redis.GetDatabase();
        var measureBytes = TestRedis.Kind == TestRedisKind.RedisServer;
        var (entries, bytes) = (0, 0L);
        foreach (var pattern in new[] { "cryptapp:output:*", "cryptapp:hybrid:*" })
        {
            await foreach (var key in server.KeysAsync(pattern: pattern, pageSize: 1_000))
            {
                entries += key.ToString().StartsWith("cryptapp:output:__MSOCV_", StringComparison.Ordinal) ? 1 : 0;
                bytes += measureBytes && await database.ExecuteAsync("MEMORY", "USAGE", key) is { IsNull: false } usage ? (long)usage : 0;
            }
        }

        return (entries, measureBytes ? bytes : null);
    }

    private static string Id(Random r, string pair) => Spellings.Id(r, null, pair);
}
