using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CryptApp.Core.Markets;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// The original system's job, end to end: fake exchange → Worker ETL → redis-server → Api compat routes.
/// </summary>
[Collection(RedisServerCollection.Name)]
public sealed class CollectionTests(RedisServerAppHost host)
{
    private const int TestTimeout = 120_000;
    private HttpClient Api => host.Api;

    private Task CollectedAsync(CancellationToken ct) =>
        Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded, FakeMarkets.EmptyAsks, FakeMarkets.BadEntries, "GEN00-USD");

    [Fact(Timeout = TestTimeout)]
    public async Task Compat_market_returns_the_pandas_figures_for_the_recorded_book()
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);
        var expected = (await PandasOracle.ComputeAsync([Fixtures.BtcUsdBook], ct)).Books.Single();

        var body = await Api.GetJsonAsync("/cryptos/btc-usd", ct);

        Assert.Equal(["BTC-USD"], body.AsObject().Select(p => p.Key));
        OracleAssert.SameSide(expected.Bids, await CompatSideAsync("BTC-USD", "bids", ct), "BTC-USD bids");
        OracleAssert.SameSide(expected.Asks, await CompatSideAsync("BTC-USD", "asks", ct), "BTC-USD asks");
    }

    /// <summary>The figures of both compat routes of a side, checked to agree with each other.</summary>
    private async Task<SideMetrics> CompatSideAsync(string symbol, string side, CancellationToken ct)
    {
        var summary = (await Api.GetJsonAsync($"/cryptos/{symbol}", ct))[symbol]![side]!;
        var detail = (await Api.GetJsonAsync($"/cryptos/{symbol}/{side}", ct))[side]!;
        Assert.Equal((double)summary["qty"]!, (double)detail["total_qty"]!);
        return new SideMetrics(
            (int)summary["count"]!,
            (double)detail["total_qty"]!,
            (double)detail["total_px"]!,
            (double)summary["value"]!,
            (double)detail["average_value"]!,
            Entry(detail["greater_value"]),
            Entry(detail["lesser_value"]));

        static EntryValue? Entry(JsonNode? node) =>
            node is null ? null : new EntryValue((double)node["px"]!, (double)node["qty"]!, (long)node["num"]!, (double)node["value"]!);
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData("bids")]
    [InlineData("asks")]
    public async Task Compat_side_has_exactly_the_original_fields(string side)
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);

        var body = await Api.GetJsonAsync($"/cryptos/BTC-USD/{side}", ct);

        Assert.Equal([side], body.AsObject().Select(p => p.Key));
        var figures = body[side]!.AsObject();
        Assert.Equal(["average_value", "greater_value", "lesser_value", "total_qty", "total_px"], figures.Select(p => p.Key));
        Assert.Equal(["px", "qty", "num", "value"], figures["greater_value"]!.AsObject().Select(p => p.Key));
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData("/cryptos/NOPE-USD")]
    [InlineData("/cryptos/NOPE-USD/bids")]
    [InlineData("/cryptos/nope-usd/asks")]
    [InlineData("/cryptos/BTC-PAX")]
    public async Task Unknown_symbol_returns_the_original_404_body(string path)
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);

        using var response = await Api.GetAsync(path, ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("""{"status":404001,"message":"CRYPTO_NOT_FOUND"}""", await response.Content.ReadAsStringAsync(ct));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Closed_and_suspended_symbols_are_never_collected()
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);

        var markets = await Api.GetJsonAsync("/api/v1/markets", ct);

        var symbols = markets["items"]!.AsArray().Select(m => (string)m!["symbol"]!).ToList();
        Assert.DoesNotContain(FakeMarkets.Closed, symbols);
        Assert.DoesNotContain(FakeMarkets.Suspended, symbols);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Empty_side_gives_zeros_and_null_entries()
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);

        var asks = (await Api.GetJsonAsync($"/cryptos/{FakeMarkets.EmptyAsks}/asks", ct))["asks"]!;
        var summary = (await Api.GetJsonAsync($"/cryptos/{FakeMarkets.EmptyAsks}", ct))[FakeMarkets.EmptyAsks]!["asks"]!;

        Assert.Equal(0, (double)asks["average_value"]!);
        Assert.Null(asks["greater_value"]);
        Assert.Null(asks["lesser_value"]);
        Assert.Equal(0, (double)asks["total_qty"]!);
        Assert.Equal(0, (double)asks["total_px"]!);
        Assert.Equal(0, (int)summary["count"]!);
        Assert.Equal(0, (double)summary["value"]!);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Entries_with_zero_or_negative_numbers_are_left_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);

        var market = (await Api.GetJsonAsync($"/cryptos/{FakeMarkets.BadEntries}", ct))[FakeMarkets.BadEntries]!;
        var bids = (await Api.GetJsonAsync($"/cryptos/{FakeMarkets.BadEntries}/bids", ct))["bids"]!;

        // 6 bids of which qty 0, px -1 and qty -0.5 are rejected; 3 asks of which px 0 is rejected.
        Assert.Equal(3, (int)market["bids"]!["count"]!);
        Assert.Equal(2, (int)market["asks"]!["count"]!);
        Assert.Equal(2.5 + 5.0001E-4 + 1.25, (double)market["bids"]!["qty"]!, 12);
        Assert.Equal(9223372036854775807, (long)bids["lesser_value"]!["num"]!);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Failing_symbols_do_not_stop_the_others_and_are_never_invented()
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);

        foreach (var failing in new[] { FakeMarkets.ServerError, FakeMarkets.HtmlPage })
        {
            using var response = await Api.GetAsync($"/cryptos/{failing}", ct);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Every_open_symbol_of_an_unseen_exchange_matches_pandas_and_the_market_definitions()
    {
        var ct = TestContext.Current.CancellationToken;
        var generated = host.Blockchain.Markets
            .Where(m => m.Key.StartsWith("GEN", StringComparison.Ordinal) && m.Value is { Status: "open", Behavior: FakeBehavior.Book })
            .ToList();
        await Api.WaitForMarketsAsync(ct, generated.Select(m => m.Key).ToArray());

        var expected = (await PandasOracle.ComputeAsync(generated.Select(m => m.Value.Book.ToJson(m.Key)).ToList(), ct)).Books;
        foreach (var ((symbol, market), pandas) in generated.Zip(expected))
        {
            OracleAssert.SameSide(pandas.Bids, await CompatSideAsync(symbol, "bids", ct), $"{symbol} bids");
            OracleAssert.SameSide(pandas.Asks, await CompatSideAsync(symbol, "asks", ct), $"{symbol} asks");

            var view = await Api.GetJsonAsync($"/api/v1/markets/{symbol}", ct);
            if (ReferenceMarket.Of(market.Book) is not { } reference)
            {
                Assert.Null(view["mid"]);
                Assert.Null(view["depth"]);
                continue;
            }

            ReferenceSide.AssertClose(reference.BestBid, (double)view["bestBid"]!, $"{symbol} bestBid");
            ReferenceSide.AssertClose(reference.BestAsk, (double)view["bestAsk"]!, $"{symbol} bestAsk");
            ReferenceSide.AssertClose(reference.Mid, (double)view["mid"]!, $"{symbol} mid");
            ReferenceMarket.AssertNear(reference.Spread, (double)view["spread"]!, reference.Mid, $"{symbol} spread");
            ReferenceMarket.AssertNear(reference.SpreadBps, (double)view["spreadBps"]!, 10_000, $"{symbol} spreadBps");
            Assert.Equal(reference.Crossed, (bool)view["crossed"]!);
            ReferenceMarket.AssertNear(reference.Imbalance, (double)view["imbalance"]!, 1, $"{symbol} imbalance");
            ReferenceSide.AssertClose(reference.WeightedMid, (double)view["weightedMid"]!, $"{symbol} weightedMid");
            var depth = view["depth"]!.AsArray();
            for (var i = 0; i < reference.Depth.Count; i++)
            {
                var (percent, bidQty, askQty, bidNotional, askNotional) = reference.Depth[i];
                Assert.Equal((double)percent, (double)depth[i]!["percent"]!);
                ReferenceSide.AssertClose(bidQty, (double)depth[i]!["bidQty"]!, $"{symbol} depth {percent} bidQty");
                ReferenceSide.AssertClose(askQty, (double)depth[i]!["askQty"]!, $"{symbol} depth {percent} askQty");
                ReferenceSide.AssertClose(bidNotional, (double)depth[i]!["bidNotional"]!, $"{symbol} depth {percent} bidNotional");
                ReferenceSide.AssertClose(askNotional, (double)depth[i]!["askNotional"]!, $"{symbol} depth {percent} askNotional");
            }
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_symbol_that_starts_failing_keeps_its_last_good_snapshot()
    {
        var ct = TestContext.Current.CancellationToken;
        const string symbol = "GEN01-USD";
        await Api.WaitForMarketsAsync(ct, symbol);

        await host.Blockchain.WithFaultAsync(symbol, FakeBehavior.ServerError, async () =>
        {
            // The run in flight when the fault appeared may still have collected the symbol: let it end.
            await host.Blockchain.WaitForRunsToStartAsync(1, Timeouts.Collection);
            var before = await host.Api.GetUncachedJsonAsync($"/cryptos/{symbol}", ct);

            await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);
            Assert.Equal(before, await host.Api.GetUncachedJsonAsync($"/cryptos/{symbol}", ct));

            host.Blockchain.Set(symbol, FakeBehavior.HtmlPage);
            await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);
            Assert.Equal(before, await host.Api.GetUncachedJsonAsync($"/cryptos/{symbol}", ct));
        });
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_symbol_no_longer_open_is_closed_with_its_history_and_opens_again_with_it()
    {
        var ct = TestContext.Current.CancellationToken;
        const string symbol = "GEN02-USD";
        await Api.WaitForMarketsAsync(ct, symbol);
        var history = $"/api/v1/markets/{symbol}/history?from={DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}";
        var market = host.Blockchain.Markets[symbol];

        host.Blockchain.Markets[symbol] = market with { Status = "halt" };
        try
        {
            await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);

            using var original = await Api.GetAsync($"/cryptos/{symbol}", ct);
            Assert.Equal(HttpStatusCode.NotFound, original.StatusCode);
            var closed = await Api.GetJsonAsync(Fresh($"/api/v1/markets/{symbol}"), ct);
            Assert.Equal("closed", (string)closed["status"]!);
            var kept = Points(await Api.GetJsonAsync(Fresh(history), ct));
            Assert.True(kept > 0, "the closed market's history is gone");
            Assert.DoesNotContain(
                (await Api.GetJsonAsync(Fresh("/api/v1/markets?pageSize=500"), ct))["items"]!.AsArray(), m => (string)m!["symbol"]! == symbol);
            Assert.Contains(
                (await Api.GetJsonAsync(Fresh("/api/v1/markets?pageSize=500&status=closed"), ct))["items"]!.AsArray(), m => (string)m!["symbol"]! == symbol);

            host.Blockchain.Markets[symbol] = market;
            await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);

            Assert.Equal("open", (string)(await Api.GetJsonAsync(Fresh($"/api/v1/markets/{symbol}"), ct))["status"]!);
            Assert.True(
                Points(await Api.GetJsonAsync(Fresh(history), ct)) > kept, "the reopened market did not keep its history");
            using var reopened = await Api.GetAsync($"/cryptos/{symbol}", ct);
            Assert.Equal(HttpStatusCode.OK, reopened.StatusCode);
        }
        finally
        {
            host.Blockchain.Markets[symbol] = market;
        }
    }

    private static int Points(JsonNode history) => history["buckets"]!.AsArray().Sum(b => (int)b!["points"]!);

    /// <summary>A query parameter the Api does not know is answered and never cached: what Redis holds now.</summary>
    private static string Fresh(string path) => $"{path}{(path.Contains('?', StringComparison.Ordinal) ? '&' : '?')}fresh={Guid.NewGuid():N}";

    [Fact(Timeout = TestTimeout)]
    public async Task Original_health_route_answers_ok()
    {
        var ct = TestContext.Current.CancellationToken;
        var body = await Api.GetFromJsonAsync<JsonObject>("/tools/health", ct);

        Assert.Equal("""{"status":"ok"}""", body!.ToJsonString());
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Admin_shows_the_markets_it_reads_from_the_api_once_signed_in()
    {
        var ct = TestContext.Current.CancellationToken;
        await CollectedAsync(ct);
        var total = (int)(await Api.GetJsonAsync("/api/v1/markets", ct))["total"]!;
        var adminUrl = host.CreateClient("admin").BaseAddress!;
        using var admin = new HttpClient(new HttpClientHandler { CookieContainer = new System.Net.CookieContainer() }) { BaseAddress = adminUrl };

        // A plain form post, as a browser would send it: antiforgery token from the sign-in page.
        var signIn = await admin.GetStringAsync("/signin", ct);
        var token = System.Text.RegularExpressions.Regex.Match(signIn, "name=\"__RequestVerificationToken\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = token,
            ["user"] = "admin",
            ["password"] = CryptAppHost.AdminPassword,
            ["returnUrl"] = "/",
        });
        using var signedIn = await admin.PostAsync("/account/signin", form, ct);
        var overview = await signedIn.Content.ReadAsStringAsync(ct);

        Assert.Contains("Overview", overview);
        Assert.Matches($"data-figure=\"Markets collected\"[^>]*>{total}<", overview);
    }
}
