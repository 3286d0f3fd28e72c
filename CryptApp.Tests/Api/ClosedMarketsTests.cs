using System.Net;
using CryptApp.Contracts.Markets;

namespace CryptApp.Tests.Api;

/// <summary>
/// A market its venue no longer lists, as the Api serves it: left out of lists unless asked for, answered by id with
/// its status and its history, out of the pairs, unknown on the original's routes; open again once it is collected.
/// </summary>
public sealed class ClosedMarketsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly VenueMarkets _venues = new(redis);

    [Fact]
    public async Task A_closed_market_is_listed_only_when_asked_answered_with_its_status_and_history_and_unknown_to_the_original()
    {
        var now = await _venues.SeedAsync();
        await _venues.Store.CloseAsync(["binance:BTC-USDT", "BTC-USD"], now.AddMinutes(1));
        await using var api = _venues.Api();
        using var client = api.CreateClient();

        var open = await VenueMarkets.JsonAsync(client, "/api/v1/markets?pageSize=100");
        var all = await VenueMarkets.JsonAsync(client, "/api/v1/markets?pageSize=100&status=ALL");
        var closed = await VenueMarkets.JsonAsync(client, "/api/v1/markets?pageSize=100&status=closed");
        var market = await VenueMarkets.JsonAsync(client, "/api/v1/markets/binance:BTC-USDT");
        var history = await VenueMarkets.JsonAsync(
            client, $"/api/v1/markets/binance:BTC-USDT/history?from={now.AddHours(-1):O}&to={now.AddHours(1):O}".Replace("+", "%2B", StringComparison.Ordinal));
        var pair = await VenueMarkets.JsonAsync(client, "/api/v1/pairs/BTC-USDT");
        using var original = await client.GetAsync("/cryptos/BTC-USD", TestContext.Current.CancellationToken);
        using var unknownStatus = await client.GetAsync("/api/v1/markets?status=delisted", TestContext.Current.CancellationToken);

        Assert.Equal((4, 6, 2), ((int)open["total"]!, (int)all["total"]!, (int)closed["total"]!));
        Assert.Equal(["BTC-USD", "binance:BTC-USDT"], closed["items"]!.AsArray().Select(m => (string)m!["symbol"]!).Order(StringComparer.Ordinal));
        Assert.DoesNotContain(open["items"]!.AsArray(), m => (string)m!["status"]! == MarketStatus.Closed);
        Assert.Equal((MarketStatus.Closed, true), ((string)market["status"]!, market["closedAt"] is not null));
        Assert.NotEmpty(history["buckets"]!.AsArray());
        Assert.DoesNotContain(pair["venues"]!.AsArray(), m => (string)m!["exchange"]! == "binance");
        Assert.Equal(HttpStatusCode.NotFound, original.StatusCode);
        Assert.Contains("CRYPTO_NOT_FOUND", await original.Content.ReadAsStringAsync(TestContext.Current.CancellationToken), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.BadRequest, unknownStatus.StatusCode);
    }
}
