using System.Text.Json.Nodes;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// Every fault the exchange can throw at the ETL: the symbol is recorded as failed with its reason,
/// keeps its last good data, and the run goes on.
/// </summary>
[Collection(FaultsCollection.Name)]
public sealed class FaultTests(FaultsAppHost host)
{
    private const int TestTimeout = 120_000;

    [Theory(Timeout = TestTimeout)]
    [InlineData(FakeBehavior.ServerError, "GEN03-USD", "500")]
    [InlineData(FakeBehavior.TooManyRequests, "GEN04-USD", "429")]
    [InlineData(FakeBehavior.Timeout, "GEN05-USD", "timed out")]
    [InlineData(FakeBehavior.HtmlPage, "GEN06-USD", "text/html")]
    [InlineData(FakeBehavior.TruncatedJson, "GEN07-USD", "JSON")]
    public async Task Fault_is_recorded_and_the_last_good_data_survives(FakeBehavior fault, string symbol, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, symbol);
        await host.Blockchain.WithFaultAsync(symbol, fault, async () =>
        {
            // The run in flight when the fault appeared may still have collected the symbol: let it end.
            await host.Blockchain.WaitForRunsToStartAsync(1, Timeouts.Collection);
            var market = await host.Api.GetUncachedJsonAsync($"/api/v1/markets/{symbol}", ct);
            var compat = await host.Api.GetUncachedJsonAsync($"/cryptos/{symbol}", ct);
            var book = await host.Api.GetUncachedJsonAsync($"/api/v1/markets/{symbol}/book", ct);

            await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);

            // The same data; only its staleness may change, as the symbol misses runs.
            Assert.Equal(WithoutStale(market), WithoutStale(await host.Api.GetUncachedJsonAsync($"/api/v1/markets/{symbol}", ct)));
            Assert.Equal(compat, await host.Api.GetUncachedJsonAsync($"/cryptos/{symbol}", ct));
            Assert.Equal(book, await host.Api.GetUncachedJsonAsync($"/api/v1/markets/{symbol}/book", ct));
            var run = await LatestFinishedRunAsync(ct);
            var error = run["errors"]!.AsArray().FirstOrDefault(e => (string)e!["symbol"]! == symbol);
            Assert.True(error is not null, $"run {(string)run["id"]!} does not record {symbol}: {run.ToJsonString()}");
            Assert.Contains(reason, (string)error["reason"]!);
            Assert.True((int)run["symbolsSucceeded"]! > 0, "the other symbols must still be collected");
        });
    }

    private static string WithoutStale(string json)
    {
        var market = System.Text.Json.Nodes.JsonNode.Parse(json)!.AsObject();
        Assert.True(market.Remove("stale"), "a market answer carries stale");
        return market.ToJsonString();
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Retry_after_of_a_429_is_honoured_and_the_retry_succeeds()
    {
        var ct = TestContext.Current.CancellationToken;
        const string symbol = "GEN08-USD";
        await host.Api.WaitForMarketsAsync(ct, symbol);
        await host.Blockchain.WithFaultAsync(symbol, FakeBehavior.TooManyRequestsOnce, async () =>
        {
            await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);

            var requests = host.Blockchain.RequestsFor(symbol);
            var throttled = requests.Select((r, i) => (r, i)).First(x => x.r.Status == 429 && x.i + 1 < requests.Count);
            var retry = requests[throttled.i + 1];
            Assert.Equal(200, retry.Status);
            Assert.True(retry.At - throttled.r.At >= TimeSpan.FromSeconds(0.9), $"retried after {(retry.At - throttled.r.At).TotalMilliseconds} ms");
            var run = await LatestFinishedRunAsync(ct);
            Assert.DoesNotContain(run["errors"]!.AsArray(), e => (string)e!["symbol"]! == symbol);
        });
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_slow_exchange_is_waited_for()
    {
        var ct = TestContext.Current.CancellationToken;
        const string symbol = "GEN09-USD";
        await host.Api.WaitForMarketsAsync(ct, symbol);
        var before = (string)(await host.Api.GetJsonAsync($"/api/v1/markets/{symbol}", ct))["collectedAt"]!;
        await host.Blockchain.WithFaultAsync(symbol, FakeBehavior.Latency, async () =>
        {
            await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);

            var after = (string)(await host.Api.GetJsonAsync($"/api/v1/markets/{symbol}", ct))["collectedAt"]!;
            Assert.NotEqual(before, after);
        });
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Crossed_book_is_collected_and_flagged()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Crossed);

        var market = await host.Api.GetJsonAsync($"/api/v1/markets/{FakeMarkets.Crossed}", ct);

        Assert.True((bool)market["crossed"]!);
        Assert.True((double)market["spread"]! < 0);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Huge_book_is_collected_in_full_with_capped_levels()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Huge);

        var market = await host.Api.GetJsonAsync($"/api/v1/markets/{FakeMarkets.Huge}", ct);
        var book = await host.Api.GetJsonAsync($"/api/v1/markets/{FakeMarkets.Huge}/book", ct);

        Assert.Equal(FakeMarkets.HugeLevelsPerSide, (int)market["bids"]!["count"]!);
        Assert.Equal(FakeMarkets.HugeLevelsPerSide, (int)market["asks"]!["count"]!);
        Assert.True(book["bids"]!.AsArray().Count <= 1000);
        Assert.True(book["asks"]!.AsArray().Count <= 1000);
    }

    [Theory(Timeout = TestTimeout)]
    [InlineData(FakeSymbols.Empty, "Failed", "no open symbol")]
    [InlineData(FakeSymbols.AllHalted, "Failed", "no open symbol")]
    [InlineData(FakeSymbols.ServerError, "Failed", "500")]
    [InlineData(FakeSymbols.Timeout, "Failed", "timed out")]
    [InlineData(FakeSymbols.AThird, "PartiallySucceeded", "suspect symbol list")]
    public async Task A_lying_symbol_list_removes_no_market_and_no_run_succeeds(FakeSymbols answer, string status, string reason)
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);
        var before = await MarketSymbolsAsync(ct);
        var changedAt = DateTimeOffset.UtcNow;
        host.Blockchain.SymbolsAnswer = answer;
        try
        {
            // The first run that started after the change ran wholly under the lie.
            var runs = await FinishedRunsSinceAsync(changedAt, ct);
            Assert.NotEmpty(runs);
            Assert.All(runs, run =>
            {
                Assert.Equal(status, (string)run!["status"]!);
                Assert.Contains(reason, (string?)run["reason"] ?? "", StringComparison.Ordinal);
            });
            Assert.Equal(before, await MarketSymbolsAsync(ct));
        }
        finally
        {
            host.Blockchain.SymbolsAnswer = FakeSymbols.Listing;
        }
    }

    private Task<List<JsonNode>> FinishedRunsSinceAsync(DateTimeOffset since, CancellationToken ct) =>
        Eventually.Value(
            async () => (await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=20&fresh={Guid.NewGuid():N}", ct))["items"]!
                .AsArray()
                .Where(r => (string)r!["status"]! is not ("Queued" or "Running")
                            && DateTimeOffset.Parse((string)r!["startedAt"]!, System.Globalization.CultureInfo.InvariantCulture) > since)
                .Select(r => r!)
                .ToList(),
            runs => runs.Count > 0,
            Timeouts.Collection,
            _ => $"a collect-process-cryptos run started after {since:O} to end",
            ct);

    private async Task<IReadOnlyList<string>> MarketSymbolsAsync(CancellationToken ct) =>
        (await host.Api.GetJsonAsync($"/api/v1/markets?pageSize=500&fresh={Guid.NewGuid():N}", ct))["items"]!.AsArray()
            .Select(m => (string)m!["symbol"]!)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The newest collection run that ended (the hourly maintenance job's runs are not collections).</summary>
    private async Task<JsonNode> LatestFinishedRunAsync(CancellationToken ct)
    {
        var runs = await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=5&fresh={Guid.NewGuid():N}", ct);
        return runs["items"]!.AsArray().First(r => (string)r!["status"]! != "Running")!;
    }
}
