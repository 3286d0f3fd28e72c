using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// A Worker killed with SIGKILL mid-run (an OOM kill, a lost node): the other replica settles the run
/// as worker lost within the lease plus a poll, retries the request once as a new run that completes,
/// and the job takes new triggers again.
/// </summary>
public sealed class WorkerFailoverTests(FailoverAppHost host) : IClassFixture<FailoverAppHost>
{
    [Fact(Timeout = 180_000)]
    public async Task A_run_whose_worker_is_killed_is_settled_retried_once_and_the_job_is_free_again()
    {
        var ct = TestContext.Current.CancellationToken;
        var (id, owner) = await WorkerProcesses.StartSlowRunAsync(host, ct);
        await WorkerProcesses.SignalAsync(owner, kill: true, ct);
        var killedAt = DateTimeOffset.UtcNow;
        host.Exchange.Latency = TimeSpan.FromMilliseconds(100);

        var lost = await JobRunTests.WaitForFinalAsync(host, id, ct);
        var settledAfter = DateTimeOffset.Parse((string)lost["finishedAt"]!, CultureInfo.InvariantCulture) - killedAt;
        Assert.Equal("Failed", (string)lost["status"]!);
        Assert.StartsWith(JobQueue.WorkerLost, (string)lost["reason"]!);
        Assert.True(settledAfter <= FailoverAppHost.LeaseTimeout + TimeSpan.FromSeconds(5), $"settled {settledAfter.TotalSeconds:F1} s after the kill");

        // The settling replica queues the retry right after it records the loss.
        List<JsonNode> retries;
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while ((retries = await RunsRetrying(id, ct)).Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100, ct);
        }

        var retry = Assert.Single(retries);
        var done = await JobRunTests.WaitForFinalAsync(host, (string)retry["id"]!, ct);
        Assert.Equal("PartiallySucceeded", (string)done["status"]!);
        Assert.Equal((int)done["symbolsTotal"]!, (int)done["symbolsDone"]!);
        Assert.Equal(2, (int)done["attempt"]!);
        Assert.Single(await RunsRetrying(id, ct));

        using var writer = host.CreateWriter();
        using var again = await writer.PostAsync(JobRunTests.Trigger, null, ct);
        var next = await JobRunTests.RunsOf(again, HttpStatusCode.Accepted, ct);
        var full = await JobRunTests.WaitForFinalAsync(host, (string)next["id"]!, ct);
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

/// <summary>Finds the Worker process that owns a run (its lease names host and PID) and signals it by PID.</summary>
internal static class WorkerProcesses
{
    /// <summary>Triggers a run on a slow exchange and waits until it has collected some symbols; its id and its Worker's PID.</summary>
    public static async Task<(string RunId, int Owner)> StartSlowRunAsync(CryptAppHost host, CancellationToken ct)
    {
        host.Exchange.Latency = TimeSpan.FromSeconds(1);
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))!);
        using var writer = host.CreateWriter();
        var response = await ApiClientExtensions.RetryingUnavailableAsync(() => writer.PostAsync(JobRunTests.Trigger, null, ct), ct, tries: 5);

        string id;
        using (response)
        {
            id = (string)(await JobRunTests.RunsOf(response, HttpStatusCode.Accepted, ct))["id"]!;
        }

        var owner = await OwnerOfAsync(redis, id, ct);
        await JobRunTests.WaitForProgressAsync(host, id, 2, ct);
        return (id, owner);
    }

    private static async Task<int> OwnerOfAsync(ConnectionMultiplexer redis, string runId, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeouts.Collection);
        string? owner = null;
        while (owner is null)
        {
            await Task.Delay(50, timeout.Token);
            owner = await redis.GetDatabase().StringGetAsync(RedisKeys.Lease(runId));
        }

        return int.Parse(owner.Split(':')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The Worker that ran the newest run (its record keeps the owner).</summary>
    public static async Task<int> LastOwnerAsync(ConnectionMultiplexer redis, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(Timeouts.Collection);
        while (true)
        {
            foreach (var id in await db.SortedSetRangeByRankAsync(RedisKeys.RunIndex, 0, 9, Order.Descending))
            {
                if (await db.HashGetAsync(RedisKeys.Run(id!), "owner") is { IsNullOrEmpty: false } owner)
                {
                    return int.Parse(owner.ToString().Split(':')[1], CultureInfo.InvariantCulture);
                }
            }

            await Task.Delay(50, timeout.Token);
        }
    }

    /// <summary>SIGKILL, or SIGTERM as an orchestrator's stop sends it; waits for the process to exit.</summary>
    public static async Task SignalAsync(int pid, bool kill, CancellationToken ct)
    {
        using var worker = Process.GetProcessById(pid);
        if (kill)
        {
            worker.Kill();
        }
        else
        {
            using var term = Process.Start("kill", ["-TERM", pid.ToString(CultureInfo.InvariantCulture)])!;
            await term.WaitForExitAsync(ct);
        }

        await worker.WaitForExitAsync(ct).Within(TimeSpan.FromSeconds(45), $"worker {pid} to exit");
    }
}
