using System.Globalization;
using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using CryptApp.Api.Extensions;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using CryptApp.Core.Views;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>
/// Venue markets in a real Redis as the Worker stores them: each under its
/// compact id (<c>binance:BTC-USDT</c>, a bare pair for Blockchain.com), its index row and market view
/// carrying id, venue, base, quote and venue symbol; and, over a <see cref="RedisServer"/>, the Api in process.
/// Over any other Redis (an AppHost's) it writes without flushing: <see cref="SeedVenuesAsync"/>, then
/// <see cref="AnnounceAsync"/> so the Api's caches drop what they held.
/// </summary>
public sealed class VenueMarkets(IConnectionMultiplexer connection)
{
    public static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web) { Converters = { new JsonStringEnumConverter() } };

    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly RedisServer? _server;

    public VenueMarkets(RedisServer redis) : this(redis.Connection) => _server = redis;

    public MarketStore Store { get; } = new(connection, NullLogger<MarketStore>.Instance);

    public VenueStatusStore Exchanges { get; } = new(connection, NullLogger<VenueStatusStore>.Instance);

    private IDatabase Db => connection.GetDatabase();

    private RedisServer Server => _server ?? throw new InvalidOperationException("only a VenueMarkets over a RedisServer flushes it or starts the Api in process");

    public WebApplicationFactory<ApiOptions> Api(params (string Key, string Value)[] settings) => InProcessApi.Create(Server.Endpoint, settings);

    /// <summary>
    /// The venues' markets most tests read, in an emptied Redis: <see cref="SeedVenuesAsync"/> and BTC-USD on
    /// Blockchain.com stored without venue fields. Returns the collection time.
    /// </summary>
    public async Task<DateTimeOffset> SeedAsync()
    {
        await Server.FlushAsync();
        var now = await SeedVenuesAsync();
        await SaveLegacyAsync("BTC-USD", 100.05, now, seed: 6);
        return now;
    }

    /// <summary>
    /// BTC-USDT on binance, okx (depth incomplete) and kraken (ten minutes old: stale), BTC-USD on coinbase,
    /// ETH-USDT on bybit; each of these venues has reported its status (bybit with an error). Nothing else is
    /// touched. Returns the collection time.
    /// </summary>
    public async Task<DateTimeOffset> SeedVenuesAsync()
    {
        var now = DateTimeOffset.UtcNow;
        await SaveAsync("okx", "BTC-USDT", 100.2, now, seed: 2, depthComplete: false);
        await SaveAsync("binance", "BTC-USDT", 100, now, seed: 1);
        await SaveAsync("kraken", "BTC-USDT", 99.9, now.AddMinutes(-10), seed: 3);
        await SaveAsync("coinbase", "BTC-USD", 100.1, now, seed: 4);
        await SaveAsync("bybit", "ETH-USDT", 3.5, now, seed: 5);
        foreach (var venue in new[] { "binance", "okx", "kraken", "coinbase" })
        {
            await SaveStatusAsync(venue, now, markets: 1);
        }

        await SaveStatusAsync("bybit", now.AddMinutes(-5), markets: 1, lastError: "HTTP 503 from bybit");
        return now;
    }

    /// <summary>What the Worker announces after a run: every Api replica drops its cached answers.</summary>
    public Task AnnounceAsync() => Store.PublishChangedAsync("venue-markets-seed");

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
            Id = id.ToCompactString(),
            Venue = venue,
            Base = b,
            Quote = q,
            VenueSymbol = venueSymbol,
            VenueTime = at.AddSeconds(-1),
            DepthComplete = depthComplete,
        };
        await Db.HashSetAsync(RedisKeys.MarketIndex, RedisKeys.Normalize(id.ToCompactString()), JsonSerializer.SerializeToUtf8Bytes(summary, Wire));
        var view = MarketView.From(analysis.Snapshot) with
        {
            Id = summary.Id,
            Venue = venue,
            Base = b,
            Quote = q,
            VenueSymbol = venueSymbol,
            VenueTime = summary.VenueTime,
            DepthComplete = depthComplete,
        };
        await Db.HashSetAsync(RedisKeys.Views(id.ToCompactString()), StoredViews.Field(StoredViewKind.Market), JsonSerializer.SerializeToUtf8Bytes(view, ViewJsonContext.Default.MarketView));
        return analysis;
    }

    /// <summary>A Blockchain.com market stored without venue fields anywhere (a bare pair is Blockchain.com's).</summary>
    public async Task<MarketAnalysis> SaveLegacyAsync(string symbol, double mid, DateTimeOffset at, int seed)
    {
        var analysis = Analyze(symbol, FakeBook.Generate(new Random(seed), mid, 40, 40), at);
        await Store.SaveAsync(analysis, TimeSpan.FromDays(1));
        return analysis;
    }

    /// <summary>A venue's status; its budget 100 of 1,200 used per minute, unless <paramref name="budget"/> says otherwise.</summary>
    public Task SaveStatusAsync(
        string venue, DateTimeOffset lastSuccessAt, int markets, bool enabled = true, string? lastError = null, VenueBudgetStatus? budget = null) =>
        Exchanges.SaveAsync(new VenueStatus(
            venue, VenueCatalog.Get(venue).DisplayName, enabled, lastSuccessAt, lastError, markets, lastError is null ? null : lastSuccessAt, Interval,
            budget ?? new VenueBudgetStatus(1200, TimeSpan.FromMinutes(1), 1100, 42, 1, 100, null, null)));

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

    public static bool IsSameJson<T>(T expected, JsonNode actual) => JsonNode.DeepEquals(JsonSerializer.SerializeToNode(expected, Wire), actual);

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
