using System.Net;

namespace CryptApp.Tests.Api;

/// <summary>The v1 market resources over what the Worker's collection code stored from the fake exchange.</summary>
public sealed class MarketResourceTests(CollectedApi host) : IClassFixture<CollectedApi>
{
    private const int TestTimeout = 120_000;

    [Fact(Timeout = TestTimeout)]
    public async Task Markets_list_searches_sorts_and_pages()
    {
        var ct = TestContext.Current.CancellationToken;

        var byCurrency = await host.Api.GetJsonAsync("/api/v1/markets?search=usd&sort=mid&order=desc&pageSize=3", ct);
        var items = byCurrency["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal(3, (int)byCurrency["pageSize"]!);
        Assert.True((int)byCurrency["total"]! > 3);
        var mids = items.Select(i => (double)i!["mid"]!).ToList();
        Assert.Equal(mids.OrderDescending(), mids);
        Assert.All(items, i => Assert.Contains("USD", (string)i!["symbol"]!));

        var second = await host.Api.GetJsonAsync("/api/v1/markets?search=usd&sort=mid&order=desc&pageSize=3&page=2", ct);
        Assert.Empty(second["items"]!.AsArray().Select(i => (string)i!["symbol"]!).Intersect(items.Select(i => (string)i!["symbol"]!)));

        var one = await host.Api.GetJsonAsync("/api/v1/markets?search=btc-usd", ct);
        Assert.Equal(["BTC-USD"], one["items"]!.AsArray().Select(i => (string)i!["symbol"]!));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Market_resource_has_exactly_the_documented_fields()
    {
        var ct = TestContext.Current.CancellationToken;

        var market = (await host.Api.GetJsonAsync("/api/v1/markets/btc-usd", ct)).AsObject();

        Assert.Equal(
            ["symbol", "collectedAt", "bestBid", "bestAsk", "mid", "spread", "spreadBps", "crossed", "imbalance", "weightedMid",
             "depth", "bids", "asks", "rejectedEntries", "id", "exchange", "base", "quote", "venueSymbol", "exchangeTime", "stale", "depthComplete", "tradingStatus", "status", "closedAt", "source", "lagMs"],
            market.Select(p => p.Key));
        Assert.Equal("BTC-USD", (string)market["symbol"]!);
        Assert.Equal(("BTC-USD", "blockchain", "BTC", "USD", "BTC-USD"),
            ((string)market["id"]!, (string)market["exchange"]!, (string)market["base"]!, (string)market["quote"]!, (string)market["venueSymbol"]!));
        // Blockchain.com's L3 book is whole, and carries no venue time.
        Assert.True((bool)market["depthComplete"]!);
        Assert.Null(market["exchangeTime"]);
        Assert.EndsWith("+00:00", (string)market["collectedAt"]!);
        Assert.Equal(["percent", "bidQty", "askQty", "bidNotional", "askNotional"], market["depth"]![0]!.AsObject().Select(p => p.Key));
        Assert.Equal(["count", "totalQty", "totalPx", "totalValue", "averageValue", "greaterValue", "lesserValue"],
            market["bids"]!.AsObject().Select(p => p.Key));
        Assert.Equal(["px", "qty", "num", "value"], market["bids"]!["greaterValue"]!.AsObject().Select(p => p.Key));
        Assert.Equal(8493.1, (double)market["bestBid"]!);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Empty_side_gives_null_market_fields()
    {
        var ct = TestContext.Current.CancellationToken;

        var market = await host.Api.GetJsonAsync($"/api/v1/markets/{FakeMarkets.EmptyAsks}", ct);

        foreach (var field in new[] { "bestBid", "bestAsk", "mid", "spread", "spreadBps", "crossed", "imbalance", "weightedMid", "depth" })
        {
            Assert.Null(market[field]);
        }

        Assert.Null(market["asks"]!["greaterValue"]);
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData("/api/v1/markets/NOPE-USD")]
    [InlineData("/api/v1/jobs/runs/doesnotexist")]
    public async Task Unknown_market_or_run_is_a_404_problem(string path)
    {
        var ct = TestContext.Current.CancellationToken;

        using var response = await host.Api.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Book_levels_are_aggregated_best_first_and_feed_slippage()
    {
        var ct = TestContext.Current.CancellationToken;

        var book = await host.Api.GetJsonAsync("/api/v1/markets/BTC-USD/book", ct);
        var bids = book["bids"]!.AsArray().Select(l => (double)l!["px"]!).ToList();
        var asks = book["asks"]!.AsArray().Select(l => (double)l!["px"]!).ToList();
        Assert.Equal(bids.OrderDescending(), bids);
        Assert.Equal(asks.Order(), asks);
        Assert.Equal(bids.Distinct().Count(), bids.Count);

        var buy = await host.Api.GetJsonAsync("/api/v1/markets/BTC-USD/slippage?side=buy&notional=100000", ct);
        Assert.True((double)buy["vwap"]! >= (double)book["asks"]![0]!["px"]!);
        Assert.True((double)buy["slippageBps"]! > 0);

        var huge = await host.Api.GetJsonAsync("/api/v1/markets/BTC-USD/slippage?side=sell&notional=1e12", ct);
        Assert.Null(huge["vwap"]);
        Assert.Contains("too thin", (string)huge["reason"]!);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task History_returns_buckets_of_the_runs_so_far()
    {
        var ct = TestContext.Current.CancellationToken;

        var from = DateTimeOffset.UtcNow.AddMinutes(-5).ToString("yyyy-MM-ddTHH:mm:ssZ");
        var history = await host.Api.GetJsonAsync($"/api/v1/markets/BTC-USD/history?from={from}&interval=1s", ct);

        var buckets = history["buckets"]!.AsArray();
        Assert.True(buckets.Count >= 2, $"expected a bucket per run, got {buckets.Count}");
        Assert.All(buckets, b => Assert.Equal(8493.1, (double)b!["bestBid"]!));
        Assert.Equal("00:00:01", (string)history["interval"]!);
    }
}
