using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CryptApp.Api.Extensions;
using CryptApp.Contracts.Exchanges;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Exchanges.Venues;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Core.Views;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using StackExchange.Redis;

namespace CryptApp.IntegrationTests.Api;

/// <summary>
/// Venue markets in a real Redis as the Worker stores them (the storage convention of #15): each under its
/// compact id (<c>binance:BTC-USDT</c>, a bare pair for Blockchain.com), its index row and market view
/// carrying id, venue, base, quote and venue symbol; and the Api in process over that Redis.
/// </summary>
public sealed class VenueMarkets(RedisServer redis)
{
    public static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    public MarketStore Store { get; } = new(redis.Connection);

    public ExchangeStore Exchanges { get; } = new(redis.Connection);

    private IDatabase Db => redis.Connection.GetDatabase();

    public WebApplicationFactory<ApiOptions> Api(params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:cache", redis.Endpoint);
            web.UseSetting("Api:RateLimit:PermitLimit", "0");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });

    /// <summary>
    /// The venues' markets most tests read: BTC-USDT on binance, okx (depth incomplete) and kraken (ten minutes
    /// old: stale), BTC-USD on coinbase and on Blockchain.com (stored before venues), ETH-USDT on bybit; every
    /// venue but Blockchain.com has reported its status (bybit with an error). Returns the collection time.
    /// </summary>
    public async Task<DateTimeOffset> SeedAsync()
    {
        await redis.FlushAsync();
        var now = DateTimeOffset.UtcNow;
        await SaveAsync("okx", "BTC-USDT", 100.2, now, seed: 2, depthComplete: false);
        await SaveAsync("binance", "BTC-USDT", 100, now, seed: 1);
        await SaveAsync("kraken", "BTC-USDT", 99.9, now.AddMinutes(-10), seed: 3);
        await SaveAsync("coinbase", "BTC-USD", 100.1, now, seed: 4);
        await SaveAsync("bybit", "ETH-USDT", 3.5, now, seed: 5);
        await SaveLegacyAsync("BTC-USD", 100.05, now, seed: 6);
        foreach (var venue in new[] { "binance", "okx", "kraken", "coinbase" })
        {
            await SaveStatusAsync(venue, now, markets: 1);
        }

        await SaveStatusAsync("bybit", now.AddMinutes(-5), markets: 1, lastError: "HTTP 503 from bybit");
        return now;
    }

    /// <summary>A generated book of <paramref name="venue"/>'s <paramref name="pair"/> around <paramref name="mid"/>, saved with every venue field.</summary>
    public async Task<MarketAnalysis> SaveAsync(string venue, string pair, double mid, DateTimeOffset at, int seed, bool depthComplete = true)
    {
        var id = new MarketId(venue, pair);
        var analysis = Analyze(id.ToCompactString(), FakeBook.Generate(new Random(seed), mid, 40, 40), at);
        await Store.SaveAsync(analysis, TimeSpan.FromDays(1));

        var dash = pair.IndexOf('-');
        var (b, q, venueSymbol) = (pair[..dash], pair[(dash + 1)..], pair.Replace("-", "", StringComparison.Ordinal));
        var summary = analysis.Snapshot.ToSummary() with
        {
            Id = id.ToCompactString(), Exchange = venue, Base = b, Quote = q, VenueSymbol = venueSymbol, ExchangeTime = at.AddSeconds(-1), DepthComplete = depthComplete,
        };
        await Db.HashSetAsync(RedisKeys.MarketIndex, RedisKeys.Normalize(id.ToCompactString()), JsonSerializer.SerializeToUtf8Bytes(summary, Wire));
        var view = MarketView.From(analysis.Snapshot) with
        {
            Id = summary.Id, Exchange = venue, Base = b, Quote = q, VenueSymbol = venueSymbol, ExchangeTime = summary.ExchangeTime, DepthComplete = depthComplete,
        };
        await Db.HashSetAsync(RedisKeys.Views(id.ToCompactString()), MarketViewSet.Field(MarketViewKind.Market), JsonSerializer.SerializeToUtf8Bytes(view, ViewJsonContext.Default.MarketView));
        return analysis;
    }

    /// <summary>A Blockchain.com market as stored before venues existed: no venue fields anywhere.</summary>
    public async Task<MarketAnalysis> SaveLegacyAsync(string symbol, double mid, DateTimeOffset at, int seed)
    {
        var analysis = Analyze(symbol, FakeBook.Generate(new Random(seed), mid, 40, 40), at);
        await Store.SaveAsync(analysis, TimeSpan.FromDays(1));
        return analysis;
    }

    public Task SaveStatusAsync(string venue, DateTimeOffset lastSuccessAt, int markets, bool enabled = true, string? lastError = null) =>
        Exchanges.SaveAsync(new ExchangeStatus(
            venue, VenueCatalog.Get(venue).DisplayName, enabled, lastSuccessAt, lastError, markets, lastError is null ? null : lastSuccessAt, Interval,
            new ExchangeBudget(1200, TimeSpan.FromMinutes(1), 1100, 42, 1, 100, null, null)));

    public static async Task<JsonNode> JsonAsync(HttpClient client, string url, HttpStatusCode expected = HttpStatusCode.OK)
    {
        var ct = TestContext.Current.CancellationToken;
        using var response = await client.GetAsync(url, ct).Within(Timeouts.Request, $"GET {url}");
        var body = await response.Content.ReadAsStringAsync(ct);
        Assert.True(expected == response.StatusCode, $"GET {url}: {(int)response.StatusCode} {body}");
        if (expected != HttpStatusCode.OK)
        {
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }

        return JsonNode.Parse(body)!;
    }

    public static void SameJson<T>(T expected, JsonNode actual) =>
        Assert.True(
            JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected, Wire), actual),
            $"expected {JsonSerializer.Serialize(expected, Wire)}\nactual   {actual.ToJsonString()}");

    private static MarketAnalysis Analyze(string symbol, FakeBook fake, DateTimeOffset at)
    {
        var book = new OrderBook(symbol);
        book.Bids.AddRange(fake.Bids.Select(Entry));
        book.Asks.AddRange(fake.Asks.Select(Entry));
        return MarketAnalyzer.Analyze(book, at);
    }

    private static BookEntry Entry(FakeEntry entry) => new(Number(entry.Px), Number(entry.Qty), entry.Num);

    private static double Number(string text) => double.Parse(text.Trim('"'), NumberStyles.Float, CultureInfo.InvariantCulture);
}
