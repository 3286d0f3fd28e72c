using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Tests.Api;

/// <summary>
/// A live book as the Worker writes it (<c>MarketStore.SaveLiveAsync</c>), served by the Api on real Kestrel with its
/// caches on: each new write is served within a write interval with no announcement, and the market turns stale once
/// no update was written for its bound.
/// </summary>
public sealed class LiveMarketServingTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(4);
    private readonly VenueMarkets _venues = new(redis);

    [Fact(Timeout = 60_000)]
    public async Task Each_write_is_served_within_a_write_interval_and_the_market_turns_stale_after_its_bound()
    {
        var ct = TestContext.Current.CancellationToken;
        await redis.FlushAsync();
        await using var api = _venues.Api(("Stream:WriteInterval", "00:00:00.250"), ("Stream:StaleAfter", StaleAfter.ToString("c")));
        using var client = api.CreateClient();
        (await client.GetAsync("/health", ct)).Dispose();
        string[] urls = ["/api/v1/markets/okx:BTC-USDT", "/api/v1/markets?exchange=okx"];

        var first = await SaveLiveAsync(100, ct);
        foreach (var url in urls)
        {
            var answer = Market(await VenueMarkets.JsonAsync(client, url));
            Assert.Equal(("stream", false), ((string?)answer["source"], (bool?)answer["stale"]));
            Assert.Equal(first, DateTimeOffset.Parse((string)answer["collectedAt"]!, System.Globalization.CultureInfo.InvariantCulture));
        }

        // The pair's answer shows the live book too (its venue line), cached under its own lifetimes.
        urls = [.. urls, "/api/v1/pairs/BTC-USDT"];
        var second = await SaveLiveAsync(101, ct);
        foreach (var url in urls)
        {
            await Eventually.That(
                async () => DateTimeOffset.Parse((string)Market(await VenueMarkets.JsonAsync(client, url))["collectedAt"]!, System.Globalization.CultureInfo.InvariantCulture) == second,
                TimeSpan.FromSeconds(3),
                () => $"{url} to serve the second write with no announcement (a cached answer outlived its write interval)",
                ct,
                TimeSpan.FromMilliseconds(50));
        }

        foreach (var url in urls)
        {
            await Eventually.That(
                async () => (bool?)Market(await VenueMarkets.JsonAsync(client, url))["stale"] == true,
                StaleAfter + TimeSpan.FromSeconds(5),
                () => $"{url} to call the live market stale once no update was written for {StaleAfter.TotalSeconds} s",
                ct,
                TimeSpan.FromMilliseconds(100));
        }
    }

    private static System.Text.Json.Nodes.JsonNode Market(System.Text.Json.Nodes.JsonNode answer) => answer["items"]?[0] ?? answer["venues"]?[0] ?? answer;

    /// <summary>A live OKX book around <paramref name="mid"/> written now, fresh for <see cref="StaleAfter"/>; its collection time.</summary>
    private async Task<DateTimeOffset> SaveLiveAsync(double mid, CancellationToken ct)
    {
        ct.ThrowIfCancellationRequested();
        var at = DateTimeOffset.UtcNow;
        var instrument = new VenueInstrument(VenueIds.Okx, "BTC-USDT", "BTC", "USDT", "BTC-USDT", "live", true);
        var book = new OrderBook(instrument.MarketId.ToCompactString());
        for (var i = 1; i <= 20; i++)
        {
            book.Bids.Add(new BookEntry(mid - (i * 0.1), i, 1));
            book.Asks.Add(new BookEntry(mid + (i * 0.1), i, 1));
        }

        var analysis = new VenueBook(instrument, book, at.AddMilliseconds(-30), 400, 20, 20).Analyze(at, MarketSources.Stream, lagMs: 30);
        await _venues.Store.SaveLiveAsync(analysis, TimeSpan.FromDays(1), withHistory: true, at + StaleAfter);
        return at;
    }
}
