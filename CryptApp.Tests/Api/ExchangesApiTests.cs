using System.Net;
using System.Text.Json.Nodes;

namespace CryptApp.Tests.Api;

/// <summary>
/// <c>/api/v1/exchanges</c> and the venue side of <c>/api/v1/markets</c>, in process over a real Redis
/// seeded as the Worker writes venue markets and statuses (and one Blockchain.com market stored without venue fields).
/// </summary>
public sealed class ExchangesApiTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly VenueMarkets _venues = new(redis);

    [Fact]
    public async Task Exchanges_lists_every_catalog_venue_with_its_status_or_what_its_markets_tell()
    {
        var now = await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var exchanges = (await VenueMarkets.JsonAsync(client, "/api/v1/exchanges")).AsArray();

        Assert.Equal(["blockchain", "binance", "coinbase", "kraken", "okx", "bybit"], exchanges.Select(e => (string)e!["id"]!));
        VenueMarkets.SameJson(await _venues.Exchanges.GetAsync("binance"), exchanges[1]!);
        var bybit = exchanges[5]!;
        Assert.Equal("HTTP 503 from bybit", (string?)bybit["lastError"]);
        Assert.Equal(1200, (double)bybit["budget"]!["budget"]!);
        // Blockchain.com has written no status yet: described from its stored market.
        var blockchain = exchanges[0]!;
        Assert.Equal("Blockchain.com", (string?)blockchain["name"]);
        Assert.True((bool)blockchain["enabled"]!);
        Assert.Equal(1, (int)blockchain["marketsCount"]!);
        Assert.Equal(now, (DateTimeOffset)blockchain["lastSuccessAt"]!);
        Assert.Null(blockchain["budget"]);
    }

    [Fact]
    public async Task Markets_filter_by_venue_base_and_quote_and_carry_venue_fields_and_staleness()
    {
        await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        static string[] Ids(JsonNode page) => [.. page["items"]!.AsArray().Select(m => (string)m!["id"]!)];

        var binance = await VenueMarkets.JsonAsync(client, "/api/v1/markets?exchange=BINANCE");
        var item = Assert.Single(binance["items"]!.AsArray())!;
        Assert.Equal("binance:BTC-USDT", (string?)item["id"]);
        Assert.Equal("binance:BTC-USDT", (string?)item["symbol"]);
        Assert.Equal("binance", (string?)item["exchange"]);
        Assert.Equal("BTC", (string?)item["base"]);
        Assert.Equal("USDT", (string?)item["quote"]);
        Assert.Equal("BTCUSDT", (string?)item["venueSymbol"]);
        Assert.NotNull(item["exchangeTime"]);
        Assert.False((bool)item["stale"]!);
        Assert.True((bool)item["depthComplete"]!);

        Assert.Equal(["binance:BTC-USDT", "bybit:ETH-USDT", "kraken:BTC-USDT", "okx:BTC-USDT"], Ids(await VenueMarkets.JsonAsync(client, "/api/v1/markets?quote=usdt")));
        Assert.Equal(["BTC-USD", "coinbase:BTC-USD"], Ids(await VenueMarkets.JsonAsync(client, "/api/v1/markets?base=btc&quote=USD")));
        Assert.Equal(["okx:BTC-USDT"], Ids(await VenueMarkets.JsonAsync(client, "/api/v1/markets?exchange=okx&base=BTC&sort=exchange")));
        Assert.Equal(5, (int)(await VenueMarkets.JsonAsync(client, "/api/v1/markets?search=btc"))["total"]!);

        var all = (await VenueMarkets.JsonAsync(client, "/api/v1/markets?pageSize=500"))["items"]!.AsArray().ToDictionary(m => (string)m!["id"]!);
        Assert.True((bool)all["kraken:BTC-USDT"]!["stale"]!);
        Assert.False((bool)all["okx:BTC-USDT"]!["depthComplete"]!);
        // Without venue fields: Blockchain.com's, venue fields filled in, staleness unknown without its interval.
        var legacy = all["BTC-USD"]!;
        Assert.Equal("blockchain", (string?)legacy["exchange"]);
        Assert.Equal("BTC", (string?)legacy["base"]);
        Assert.Equal("USD", (string?)legacy["quote"]);
        Assert.Null(legacy["stale"]);

        var bad = await VenueMarkets.JsonAsync(client, "/api/v1/markets?exchange=nasdaq&base=B!C&quote=" + new string('U', 40), HttpStatusCode.BadRequest);
        Assert.NotNull(bad["errors"]!["exchange"]);
        Assert.NotNull(bad["errors"]!["base"]);
        Assert.NotNull(bad["errors"]!["quote"]);
    }

    [Fact]
    public async Task A_market_is_found_by_its_venue_id_and_bare_ids_stay_blockchain_com()
    {
        await _venues.SeedAsync();
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var binance = await VenueMarkets.JsonAsync(client, "/api/v1/markets/binance:BTC-USDT");
        Assert.Equal("binance:BTC-USDT", (string?)binance["id"]);
        Assert.Equal("BTCUSDT", (string?)binance["venueSymbol"]);
        Assert.False((bool)binance["stale"]!);
        Assert.True((bool)(await VenueMarkets.JsonAsync(client, "/api/v1/markets/KRAKEN:btc-usdt"))["stale"]!);
        Assert.Equal("okx:BTC-USDT", (string?)(await VenueMarkets.JsonAsync(client, "/api/v1/markets/okx%3ABTC-USDT"))["id"]);

        // Stored without venue fields: the view gets them when served.
        var legacy = await VenueMarkets.JsonAsync(client, "/api/v1/markets/blockchain:btc-usd");
        Assert.Equal("BTC-USD", (string?)legacy["id"]);
        Assert.Equal("blockchain", (string?)legacy["exchange"]);
        Assert.Equal("USD", (string?)legacy["quote"]);
        Assert.Null(legacy["stale"]);
        Assert.Equal("BTC-USD", (string?)(await VenueMarkets.JsonAsync(client, "/api/v1/markets/BTC-USD"))["symbol"]);

        Assert.Equal("binance:BTC-USDT", (string?)(await VenueMarkets.JsonAsync(client, "/api/v1/markets/binance:BTC-USDT/book"))["symbol"]);
        Assert.NotNull((await VenueMarkets.JsonAsync(client, "/api/v1/markets/binance:BTC-USDT/slippage?side=buy&notional=100"))["vwap"]);
        Assert.NotEmpty((await VenueMarkets.JsonAsync(client, "/api/v1/markets/binance:BTC-USDT/history"))["buckets"]!.AsArray());
        await VenueMarkets.JsonAsync(client, "/api/v1/markets/bybit:BTC-USDT", HttpStatusCode.NotFound);
        Assert.NotNull((await VenueMarkets.JsonAsync(client, "/api/v1/markets/nasdaq:BTC-USD", HttpStatusCode.BadRequest))["errors"]!["symbol"]);
        await VenueMarkets.JsonAsync(client, "/api/v1/markets/binance:BTC-USDT/slippage?side=buy&notional=1e16", HttpStatusCode.BadRequest);

        // The original contract stays Blockchain.com's.
        using var compat = await client.GetAsync("/cryptos/binance:BTC-USDT", TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, compat.StatusCode);
    }
}
