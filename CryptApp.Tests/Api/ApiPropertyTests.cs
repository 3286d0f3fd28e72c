using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CsCheck;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptApp.Tests.Api;

/// <summary>
/// Generated path segments and query strings thrown at every GET endpoint of the Api (in process, over
/// a real Redis holding a real market): whatever arrives, the answer is never a 5xx.
/// </summary>
public sealed class ApiPropertyTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly string[] Templates =
    [
        "/api/v1/markets/{0}", "/api/v1/markets/{0}/book", "/api/v1/markets/{0}/slippage", "/api/v1/markets/{0}/history",
        "/cryptos/{0}", "/cryptos/{0}/bids", "/cryptos/{0}/asks", "/api/v1/markets", "/api/v1/jobs", "/api/v1/jobs/runs",
        "/api/v1/jobs/runs/{0}", "/tools/health", "/api/v1/exchanges", "/api/v1/pairs", "/api/v1/pairs/{0}", "/api/v1/pairs/{0}/slippage",
    ];

    private static readonly string[] Names = ["search", "sort", "order", "page", "pageSize", "side", "notional", "from", "to", "interval", "job", "status", "exchange", "base", "quote", "junk", ""];

    private static readonly Gen<string> Text =
        Gen.Char["ABCXYZabc019-_.~%/\\:;'\"<>{}[]|`!@#$^&*()+= \t\n\u00e9\u03b2\u4e2d\ud83d\ude42\0"].Array[0, 40].Select(c => new string(c));

    private static readonly Gen<string> Number = Gen.OneOf(
        Gen.Double.Select(d => d.ToString("R", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.Long.Select(l => l.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("NaN", "-Infinity", "1e-320", "4.9e-324", "1e308", "-0", "0x10", "1,5", "99999999999999999999999"));

    private static readonly Gen<string> Time = Gen.OneOf(
        Gen.DateTimeOffset.Select(t => t.ToString("O", System.Globalization.CultureInfo.InvariantCulture)),
        Gen.OneOf("0001-01-01T00:00:00Z", "9999-12-31T23:59:59.9999999Z", "2026-11-25", "yesterday", "-1h"));

    private static readonly Gen<string> Value = Gen.OneOf(Text, Number, Time, Gen.OneOf("buy", "sell", "BTC-USD", "-5s", "30s", "7d", "desc", "binance", "BINANCE", "usdt", "nasdaq"));

    private static readonly Gen<string> Segment = Gen.OneOf(Text, Gen.OneOf(
        "BTC-USD", "btc-usd", "NOPE-USD", "..", "%2e%2e", "", "binance:BTC-USDT", "BTC-USDT", "blockchain:btc-usd", "nasdaq:BTC-USD", "binance:", ":BTC-USD", "a:b:c"));

    private static readonly Gen<string> Query = Gen.Select(Gen.OneOf(Names.Select(Gen.Const).ToArray()), Value)
        .Array[0, 4]
        .Select(pairs => string.Join('&', pairs.Select(p => $"{Uri.EscapeDataString(p.Item1)}={Uri.EscapeDataString(p.Item2)}")));

    private static readonly Gen<string> Url = Gen.Select(Gen.Int[0, Templates.Length - 1], Segment, Query, (t, segment, query) =>
        string.Format(System.Globalization.CultureInfo.InvariantCulture, Templates[t], Uri.EscapeDataString(segment)) + (query.Length > 0 ? "?" + query : ""));

    [Fact(Timeout = 180_000)]
    public async Task No_generated_request_gets_a_5xx()
    {
        var ct = TestContext.Current.CancellationToken;
        await redis.FlushAsync();
        await SeedAsync();
        await using var api = InProcessApi.Create(redis.Endpoint).OnKestrel();
        using var client = api.CreateBoundedClient();

        await Url.SampleAsync(async url =>
        {
            using var response = await client.GetAsync(url, ct);
            Assert.True((int)response.StatusCode < 500, $"GET {url} answered {(int)response.StatusCode}: {await response.Content.ReadAsStringAsync(ct)}");
        }, iter: 1500, threads: 1);
    }

    /// <summary>The resources of the seed, each with its spellings (<see cref="Spellings"/>); every spelling means the same answer.</summary>
    private static readonly Func<Random, string>[] Spelled =
    [
        r => $"/api/v1/markets/{Spellings.Id(r, null, "BTC-USD")}",
        r => $"/api/v1/markets/{Spellings.Id(r, "binance", "BTC-USDT")}",
        r => $"/api/v1/markets/{Spellings.Id(r, "kraken", "BTC-USDT")}/book",
        r => Spellings.Query(
            r, $"/api/v1/markets/{Spellings.Id(r, "binance", "BTC-USDT")}/slippage", ("side", Spellings.Case(r, "sell")), ("notional", Spellings.Number(r, 1000))),
        r => Spellings.Query(
            r, $"/api/v1/markets/{Spellings.Id(r, null, "BTC-USD")}/history",
            ("from", Spellings.Time(r, Day)), ("to", Spellings.Time(r, Day.AddDays(1))), ("interval", Spellings.Hour(r))),
        r => $"/cryptos/{Spellings.Case(r, "BTC-USD")}/bids",
        r => $"/api/v1/pairs/{Spellings.Case(r, "BTC-USDT")}",
        r => Spellings.Query(r, $"/api/v1/pairs/{Spellings.Case(r, "BTC-USDT")}/slippage", ("side", Spellings.Case(r, "buy")), ("notional", Spellings.Number(r, 250))),
        r => Spellings.Query(
            r, "/api/v1/markets", ("exchange", Spellings.Case(r, "binance")), ("sort", Spellings.Case(r, "spreadBps")), ("page", Spellings.Integer(r, 1))),
    ];

    private static readonly DateTimeOffset Day = new(2026, 12, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact(Timeout = 180_000)]
    public async Task Hostile_spellings_of_a_resource_share_its_one_output_cache_entry()
    {
        var ct = TestContext.Current.CancellationToken;
        await redis.FlushAsync();
        await SeedAsync();
        await using var api = InProcessApi.Create(redis.Endpoint).OnKestrel();
        using var client = api.CreateBoundedClient();

        await Gen.Select(Gen.Int[0, Spelled.Length - 1], Gen.Int).SampleAsync(async (resource, seed) =>
        {
            var random = new Random(seed);
            using var request = Spellings.Request(random, Spelled[resource](random));
            using var response = await client.SendAsync(request, ct);
            Assert.True(response.StatusCode == System.Net.HttpStatusCode.OK, $"GET {request.RequestUri} (Host {request.Headers.Host}) answered {(int)response.StatusCode}");
        }, iter: 1500, threads: 1);

        var entries = 0;
        await foreach (var _ in redis.Connection.GetServers().Single().KeysAsync(pattern: "cryptapp:output:__MSOCV_*"))
        {
            entries++;
        }

        Assert.True(entries <= Spelled.Length, $"1,500 spellings of {Spelled.Length} resources made {entries} output-cache entries");
    }

    private async Task SeedAsync()
    {
        var venues = new VenueMarkets(redis);
        await venues.SaveAsync("binance", "BTC-USDT", 100, DateTimeOffset.UtcNow, seed: 1);
        await venues.SaveAsync("kraken", "BTC-USDT", 100, DateTimeOffset.UtcNow.AddHours(-1), seed: 2);
        await venues.SaveStatusAsync("kraken", DateTimeOffset.UtcNow, markets: 1);

        var book = new OrderBook("BTC-USD");
        book.Bids.AddRange(Enumerable.Range(1, 50).Select(i => new BookEntry(100 - i * 0.1, 0.5 + i, i)));
        book.Asks.AddRange(Enumerable.Range(1, 50).Select(i => new BookEntry(100 + i * 0.1, 0.5 + i, 1000 + i)));
        var store = new MarketStore(redis.Connection, NullLogger<MarketStore>.Instance);
        for (var minutes = 120; minutes >= 0; minutes -= 10)
        {
            await store.SaveAsync(MarketAnalyzer.Analyze(book, DateTimeOffset.UtcNow.AddMinutes(-minutes)), TimeSpan.FromDays(7));
        }
    }
}
