using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CryptApp.Core.Storage;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// A Worker killed with SIGKILL mid-run (an OOM kill, a lost node): another replica settles the run
/// as worker lost within the lease plus a poll, retries the request once as a new run that completes,
/// and the job takes new triggers again.
/// </summary>
[Collection(WorkerStopCollection.Name)]
public sealed class WorkerFailoverTests(WorkerStopAppHost host)
{
    [Fact(Timeout = 180_000)]
    public async Task A_run_whose_worker_is_killed_is_settled_retried_once_and_the_job_is_free_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, owner) = await WorkerProcesses.StartSlowRunAsync(host, ct);
        await WorkerProcesses.SignalAsync(owner, kill: true, ct);
        var killedAt = DateTimeOffset.UtcNow;
        host.Blockchain.Latency = TimeSpan.FromMilliseconds(100);

        var lost = await JobRuns.WaitForFinalAsync(host.Api, id, ct);
        var settledAfter = DateTimeOffset.Parse((string)lost["finishedAt"]!, CultureInfo.InvariantCulture) - killedAt;
        Assert.Equal("Failed", (string)lost["status"]!);
        Assert.StartsWith(JobQueue.WorkerLost, (string)lost["reason"]!);
        Assert.True(settledAfter <= WorkerStopAppHost.LeaseTimeout + TimeSpan.FromSeconds(5), $"settled {settledAfter.TotalSeconds:F1} s after the kill");

        // The settling replica queues the retry right after it records the loss.
        var retries = await Eventually.Value(
            () => RunsRetrying(id, ct), runs => runs.Count > 0, TimeSpan.FromSeconds(10), _ => $"a run retrying {id}", ct);
        var retry = Assert.Single(retries);
        var done = await JobRuns.WaitForFinalAsync(host.Api, (string)retry["id"]!, ct);
        Assert.Equal("PartiallySucceeded", (string)done["status"]!);
        Assert.Equal((int)done["symbolsTotal"]!, (int)done["symbolsDone"]!);
        Assert.Equal(2, (int)done["attempt"]!);
        Assert.Single(await RunsRetrying(id, ct));

        using var writer = host.CreateWriter();
        using var again = await JobRuns.TriggerAsync(writer, ct);
        var next = await JobRuns.ReadAsync(again, HttpStatusCode.Accepted, ct);
        var full = await JobRuns.WaitForFinalAsync(host.Api, (string)next["id"]!, ct);
        Assert.Equal((int)full["symbolsTotal"]!, (int)full["symbolsDone"]!);
        Assert.Equal("PartiallySucceeded", (string)full["status"]!);
    }

    private async Task<List<JsonNode>> RunsRetrying(string id, CancellationToken ct) =>
        (await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=500&fresh={Guid.NewGuid():N}", ct))["items"]!
            .AsArray()
            .Where(r => (string?)r!["retryOf"] == id)
            .Select(r => r!)
            .ToList();
}
