namespace CryptApp.Tests.AppHost;

/// <summary>The jobs resources as the running Worker fills them: its catalogue with fire times, and its run records.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class JobsResourceTests(RedisServerAppHost host)
{
    private const int TestTimeout = 120_000;

    [Fact(Timeout = TestTimeout)]
    public async Task Job_catalogue_shows_schedule_and_fire_times()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        var jobs = (await host.Api.GetJsonAsync("/api/v1/jobs", ct)).AsArray();

        var job = jobs.Single(j => (string)j!["name"]! == "CollectProcessCryptos")!;
        Assert.Equal("collect-process-cryptos", (string)job["id"]!);
        Assert.Equal("every 00:00:01", (string)job["schedule"]!);
        Assert.NotNull(job["nextFireAt"]);
        Assert.NotNull(job["previousFireAt"]);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Run_record_shows_failing_symbols_while_all_others_succeed()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);
        await host.Blockchain.WaitForRunsToStartAsync(2, Timeouts.Collection);

        var runs = await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=10&fresh={Guid.NewGuid():N}", ct);
        var run = runs["items"]!.AsArray().First(r => (string)r!["status"]! != "Running")!;
        var byId = await host.Api.GetJsonAsync($"/api/v1/jobs/runs/{(string)run["id"]!}", ct);

        Assert.Equal(run.ToJsonString(), byId.ToJsonString());
        Assert.Equal(
            ["id", "job", "trigger", "status", "startedAt", "finishedAt", "symbolsTotal", "symbolsDone", "symbolsSucceeded", "symbolsFailed",
             "entriesAccepted", "entriesRejected", "errors", "reason", "attempt", "retryOf", "queuedAt", "venues", "errorsOmitted"],
            run.AsObject().Select(p => p.Key));
        // Only Blockchain.com is enabled in this host: the others are listed as skipped.
        var venues = run["venues"]!.AsArray();
        Assert.Equal(["blockchain", "binance", "coinbase", "kraken", "okx", "bybit"], venues.Select(v => (string)v!["exchange"]!));
        Assert.Equal("PartiallySucceeded", (string)venues[0]!["status"]!);
        Assert.All(venues.Skip(1), v => Assert.Equal("Skipped", (string)v!["status"]!));
        Assert.Equal("CollectProcessCryptos", (string)run["job"]!);
        Assert.Contains((string)run["trigger"]!, new[] { "schedule", "startup" });
        Assert.Matches(@"^\d+ of \d+ symbols failed$", (string)run["reason"]!);
        var failing = run["errors"]!.AsArray().Select(e => (string)e!["symbol"]!).ToList();
        Assert.Contains(FakeMarkets.ServerError, failing);
        Assert.Contains(FakeMarkets.HtmlPage, failing);
        Assert.Equal("PartiallySucceeded", (string)run["status"]!);
        Assert.Equal((int)run["symbolsTotal"]! - failing.Count, (int)run["symbolsSucceeded"]!);
        Assert.True((int)run["entriesRejected"]! >= 4);
        Assert.Contains("500", (string)run["errors"]!.AsArray().First(e => (string)e!["symbol"]! == FakeMarkets.ServerError)!["reason"]!);
        Assert.Contains("text/html", (string)run["errors"]!.AsArray().First(e => (string)e!["symbol"]! == FakeMarkets.HtmlPage)!["reason"]!);
    }
}
