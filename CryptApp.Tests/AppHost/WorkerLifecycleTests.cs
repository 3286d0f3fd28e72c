using System.Globalization;

namespace CryptApp.Tests.AppHost;

/// <summary>SIGTERM mid-run, as an orchestrator stops a replica: the run ends Canceled with its reason, never Running.</summary>
public sealed class WorkerShutdownTests(ShutdownAppHost host) : IClassFixture<ShutdownAppHost>
{
    [Fact(Timeout = 180_000)]
    public async Task A_worker_stopped_with_sigterm_mid_run_records_the_run_canceled()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, owner) = await WorkerProcesses.StartSlowRunAsync(host, ct);
        await WorkerProcesses.SignalAsync(owner, kill: false, ct);

        var run = await host.Api.GetJsonAsync($"/api/v1/jobs/runs/{id}?fresh={Guid.NewGuid():N}", ct);
        Assert.Equal("Canceled", (string)run["status"]!);
        Assert.Equal("worker shutting down", (string)run["reason"]!);
        Assert.True((int)run["symbolsDone"]! < (int)run["symbolsTotal"]!, "the run should have stopped early");
    }
}

/// <summary>
/// Two Workers start on an empty store with an hourly schedule: one of them collects at once (a
/// start-up run), and only one.
/// </summary>
public sealed class StartupRunTests(StartupAppHost host) : IClassFixture<StartupAppHost>
{
    [Fact(Timeout = 180_000)]
    public async Task Workers_starting_on_an_empty_store_collect_at_once_and_once()
    {
        var ct = TestContext.Current.CancellationToken;

        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        var runs = (await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=50&fresh={Guid.NewGuid():N}", ct))["items"]!.AsArray();
        Assert.True(runs.Count == 1, $"expected one run, got {runs.ToJsonString()}");
        var run = runs[0];
        Assert.Equal("startup", (string)run!["trigger"]!);
        var final = await JobRunTests.WaitForFinalAsync(host, (string)run["id"]!, ct);
        Assert.Equal((int)final["symbolsTotal"]!, (int)final["symbolsDone"]!);
        var next = DateTimeOffset.Parse(
            (string)(await host.Api.GetJsonAsync("/api/v1/jobs", ct)).AsArray().Single(j => (string)j!["id"]! == "collect-process-cryptos")!["nextFireAt"]!,
            CultureInfo.InvariantCulture);
        Assert.Equal(0, next.Minute);
        Assert.Single((await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=50&fresh={Guid.NewGuid():N}", ct))["items"]!.AsArray());
    }
}
