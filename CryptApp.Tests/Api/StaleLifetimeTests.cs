namespace CryptApp.Tests.Api;

/// <summary>
/// A cached answer that calls a market fresh leaves the output cache when the market turns stale: nothing
/// is announced then (a stopped Worker is what makes data stale), so only its lifetime can end it.
/// </summary>
public sealed class StaleLifetimeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private readonly VenueMarkets _venues = new(redis);

    [Fact(Timeout = 60_000)]
    public async Task Cached_answers_turn_stale_on_time_without_an_announcement()
    {
        var ct = TestContext.Current.CancellationToken;
        await redis.FlushAsync();
        // The Api starts before the clock does: its cold start must not eat the window in which okx is fresh.
        await using var api = _venues.Api();
        using var client = api.CreateClient();
        (await client.GetAsync("/health", ct)).Dispose();
        var now = DateTimeOffset.UtcNow;
        // Stale from 10 s from now: collected just under two intervals ago.
        await _venues.SaveAsync("okx", "BTC-USDT", 100.2, now - 2 * VenueMarkets.Interval + TimeSpan.FromSeconds(10), seed: 2);
        await _venues.SaveAsync("binance", "BTC-USDT", 100, now, seed: 1);
        await _venues.SaveStatusAsync("okx", now, markets: 1);
        await _venues.SaveStatusAsync("binance", now, markets: 1);
        string[] urls = ["/api/v1/markets/okx:BTC-USDT", "/api/v1/markets?exchange=okx", "/api/v1/pairs/BTC-USDT"];

        foreach (var url in urls)
        {
            Assert.False(OkxStale(await VenueMarkets.JsonAsync(client, url)), $"{url} should call okx fresh at first");
        }

        var deadline = now + TimeSpan.FromSeconds(10 + 17);
        foreach (var url in urls)
        {
            await Eventually.That(
                async () => OkxStale(await VenueMarkets.JsonAsync(client, url)),
                TimeSpan.FromTicks(Math.Max(0, (deadline - DateTimeOffset.UtcNow).Ticks)),
                () => $"{url} still calls okx fresh 17 s after it turned stale (a cached answer outlived it)",
                ct,
                TimeSpan.FromMilliseconds(250));
        }
    }

    private static bool OkxStale(System.Text.Json.Nodes.JsonNode answer) =>
        answer["items"] is { } items ? (bool)items[0]!["stale"]!
        : answer["venues"] is { } venues ? (bool)venues.AsArray().Single(v => (string)v!["exchange"]! == "okx")!["stale"]!
        : (bool)answer["stale"]!;
}
