namespace CryptApp.Tests.AppHost;

/// <summary>SIGTERM mid-run, as an orchestrator stops a replica: the run ends Canceled with its reason, never Running.</summary>
[Collection(WorkerStopCollection.Name)]
public sealed class WorkerShutdownTests(WorkerStopAppHost host)
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
