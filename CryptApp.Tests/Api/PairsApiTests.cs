using System.Net;
using System.Text.Json.Nodes;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;
using CryptApp.Core.Pairs;

namespace CryptApp.Tests.Api;

/// <summary>
/// <c>/api/v1/pairs</c> in process over a real Redis seeded with venue markets: each answer equals
/// <see cref="PairConsolidation"/> over the stored levels (its math is oracle-tested elsewhere), with stale
/// venues listed but not counted, USD apart from USDT unless configured, and evicted on an announcement.
/// </summary>
public sealed class PairsApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly VenueMarkets _venues = new(redis);

    /// <summary>The venues' stored levels, sorted by venue id, as the Api must pass them.</summary>
    private async Task<IReadOnlyList<VenueLevels>> LevelsAsync(params (string Venue, string Id, bool Stale)[] venues)
    {
        var levels = new List<VenueLevels>();
        foreach (var (exchange, id, stale) in venues.OrderBy(v => v.Venue, StringComparer.Ordinal))
        {
            levels.Add(new VenueLevels(exchange, (await _venues.Store.GetBookAsync(id))!, stale));
        }

        return levels;
    }

    private Task<IReadOnlyList<VenueLevels>> BtcUsdtAsync() =>
        LevelsAsync(("binance", "binance:BTC-USDT", false), ("kraken", "kraken:BTC-USDT", true), ("okx", "okx:BTC-USDT", false));

    [Fact]
    public async Task Pairs_list_every_pair_with_its_venues_and_usd_stays_apart_from_usdt()
    {
        await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var pairs = await VenueMarkets.JsonAsync(client, "/api/v1/pairs");

        VenueMarkets.SameJson(
            new PairListing[]
            {
                new("BTC-USD", ["blockchain", "coinbase"]),
                new("BTC-USDT", ["binance", "kraken", "okx"]),
                new("ETH-USDT", ["bybit"]),
            },
            pairs);
    }

    [Fact]
    public async Task A_pair_is_the_consolidation_of_its_stored_levels_without_the_stale_venue()
    {
        await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var view = await VenueMarkets.JsonAsync(client, "/api/v1/pairs/btc-usdt");

        var expected = PairConsolidation.Consolidate("BTC-USDT", await BtcUsdtAsync());
        VenueMarkets.SameJson(expected, view);
        Assert.Equal(["binance", "kraken", "okx"], view["venues"]!.AsArray().Select(v => (string)v!["exchange"]!));
        Assert.True((bool)view["venues"]![1]!["stale"]!);
        Assert.NotEqual(expected, PairConsolidation.Consolidate("BTC-USDT", [.. (await BtcUsdtAsync()).Select(v => v with { Stale = false })]));

        var usd = await VenueMarkets.JsonAsync(client, "/api/v1/pairs/BTC-USD");
        VenueMarkets.SameJson(
            PairConsolidation.Consolidate("BTC-USD", await LevelsAsync(("blockchain", "BTC-USD", false), ("coinbase", "coinbase:BTC-USD", false))),
            usd);
    }

    [Theory]
    [InlineData(TradeSide.Buy, 500)]
    [InlineData(TradeSide.Sell, 2000)]
    [InlineData(TradeSide.Buy, 1e12)]
    public async Task Slippage_routes_across_the_fresh_venues_by_best_price(TradeSide side, double notional)
    {
        await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var routed = await VenueMarkets.JsonAsync(
            client, FormattableString.Invariant($"/api/v1/pairs/BTC-USDT/slippage?side={side.ToString().ToLowerInvariant()}&notional={notional:R}"));

        var expected = PairConsolidation.Route("BTC-USDT", await BtcUsdtAsync(), side, notional);
        VenueMarkets.SameJson(expected, routed);
        Assert.DoesNotContain(expected.Fills, f => f.Venue == "kraken");
    }

    [Fact]
    public async Task Malformed_pairs_and_queries_are_400_and_unlisted_pairs_404()
    {
        await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        foreach (var url in new[] { "/api/v1/pairs/BTCUSDT", "/api/v1/pairs/BTC-US-DT", "/api/v1/pairs/BTC-U$DT", "/api/v1/pairs/binance:BTC-USDT" })
        {
            Assert.NotNull((await VenueMarkets.JsonAsync(client, url, HttpStatusCode.BadRequest))["errors"]!["pair"]);
        }

        var errors = (await VenueMarkets.JsonAsync(client, "/api/v1/pairs/BTC-USDT/slippage?side=hold&notional=1e-9", HttpStatusCode.BadRequest))["errors"]!;
        Assert.NotNull(errors["side"]);
        Assert.NotNull(errors["notional"]);
        await VenueMarkets.JsonAsync(client, "/api/v1/pairs/BTC-USDT/slippage?side=buy&notional=1e16", HttpStatusCode.BadRequest);
        Assert.Equal(404, (int)(await VenueMarkets.JsonAsync(client, "/api/v1/pairs/DOGE-USDT", HttpStatusCode.NotFound))["status"]!);
        await VenueMarkets.JsonAsync(client, "/api/v1/pairs/DOGE-USDT/slippage?side=buy&notional=10", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Configured_equivalent_quotes_combine_under_the_first_name()
    {
        await _venues.SeedAsync();
        await using var api = _venues.Api(("Api:Pairs:EquivalentQuotes:0", "USD=USDT"));
        using var client = api.CreateClient();

        var pairs = await VenueMarkets.JsonAsync(client, "/api/v1/pairs");
        VenueMarkets.SameJson(
            new PairListing[] { new("BTC-USD", ["binance", "blockchain", "coinbase", "kraken", "okx"]), new("ETH-USD", ["bybit"]) },
            pairs);

        var view = await VenueMarkets.JsonAsync(client, "/api/v1/pairs/BTC-USDT");
        VenueMarkets.SameJson(
            PairConsolidation.Consolidate("BTC-USD", await LevelsAsync(
                ("binance", "binance:BTC-USDT", false), ("blockchain", "BTC-USD", false), ("coinbase", "coinbase:BTC-USD", false),
                ("kraken", "kraken:BTC-USDT", true), ("okx", "okx:BTC-USDT", false))),
            view);
    }

    [Fact]
    public async Task A_new_announcement_evicts_cached_pair_and_exchange_answers()
    {
        var ct = TestContext.Current.CancellationToken;
        await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();
        const string url = "/api/v1/pairs/BTC-USDT";
        const string slippage = "/api/v1/pairs/BTC-USDT/slippage?side=buy&notional=500";
        var before = await VenueMarkets.JsonAsync(client, url);
        var routedBefore = await VenueMarkets.JsonAsync(client, slippage);
        var listBefore = await VenueMarkets.JsonAsync(client, "/api/v1/pairs");
        var exchangesBefore = await VenueMarkets.JsonAsync(client, "/api/v1/exchanges");

        await _venues.SaveAsync("binance", "BTC-USDT", 90, DateTimeOffset.UtcNow, seed: 99);
        await _venues.SaveAsync("bybit", "BTC-USDT", 91, DateTimeOffset.UtcNow, seed: 98);
        await _venues.SaveStatusAsync("bybit", DateTimeOffset.UtcNow, markets: 2);

        // Written without an announcement: the cached answers stand.
        Assert.True(JsonNode.DeepEquals(before, await VenueMarkets.JsonAsync(client, url)));
        Assert.True(JsonNode.DeepEquals(routedBefore, await VenueMarkets.JsonAsync(client, slippage)));
        Assert.True(JsonNode.DeepEquals(listBefore, await VenueMarkets.JsonAsync(client, "/api/v1/pairs")));
        Assert.True(JsonNode.DeepEquals(exchangesBefore, await VenueMarkets.JsonAsync(client, "/api/v1/exchanges")));

        await _venues.Store.PublishChangedAsync("run-after");
        var levels = await LevelsAsync(
            ("binance", "binance:BTC-USDT", false), ("bybit", "bybit:BTC-USDT", false), ("kraken", "kraken:BTC-USDT", true), ("okx", "okx:BTC-USDT", false));
        var expected = PairConsolidation.Consolidate("BTC-USDT", levels);
        // A request between the output cache's eviction and HybridCache's may mix the old index with new books; the
        // listener's second eviction, a second later, ends that answer.
        var after = await Eventually.Value(
            () => VenueMarkets.JsonAsync(client, url),
            answer => VenueMarkets.IsSameJson(expected, answer),
            Timeouts.Request,
            answer => $"{url} to answer the new pair after the announcement; last {answer?.ToJsonString()}",
            ct,
            TimeSpan.FromMilliseconds(50));

        VenueMarkets.SameJson(expected, after);
        VenueMarkets.SameJson(PairConsolidation.Route("BTC-USDT", levels, TradeSide.Buy, 500), await VenueMarkets.JsonAsync(client, slippage));
        Assert.Equal(["binance", "bybit", "kraken", "okx"], (await VenueMarkets.JsonAsync(client, "/api/v1/pairs"))[1]!["venues"]!.AsArray().Select(v => (string)v!));
        Assert.Equal(2, (int)(await VenueMarkets.JsonAsync(client, "/api/v1/exchanges"))[5]!["marketsCount"]!);
    }
}
