using System.Diagnostics;
using System.Net;
using Aspire.Hosting.Testing;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.Integration;

/// <summary>A Worker killed mid-run: its lease lapses, the other Worker takes the run and completes it once.</summary>
public sealed class WorkerFailoverTests(FailoverAppHost host) : IClassFixture<FailoverAppHost>
{
    [Fact(Timeout = 120_000)]
    public async Task A_run_taken_by_a_worker_that_dies_is_completed_by_the_other()
    {
        var ct = TestContext.Current.CancellationToken;
        host.Exchange.Latency = TimeSpan.FromSeconds(1);
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))!);
        using var writer = host.CreateWriter();
        using var response = await writer.PostAsync("/api/v1/jobs/collect-process-cryptos/runs", null, ct);
        var id = (string)(await JobRunTests.RunsOf(response, HttpStatusCode.Accepted, ct))["id"]!;

        string? owner = null;
        while (owner is null)
        {
            await Task.Delay(50, ct);
            owner = await redis.GetDatabase().StringGetAsync(JobQueue.LeasePrefix + id);
        }

        var pid = int.Parse(owner.Split(':')[1], System.Globalization.CultureInfo.InvariantCulture);
        using (var worker = Process.GetProcessById(pid))
        {
            worker.Kill(entireProcessTree: true);
            await worker.WaitForExitAsync(ct);
        }

        host.Exchange.Latency = TimeSpan.FromMilliseconds(100);
        var final = await JobRunTests.WaitForFinalAsync(host, id, ct);

        Assert.Equal("PartiallySucceeded", (string)final["status"]!);
        Assert.Equal((int)final["symbolsTotal"]!, (int)final["symbolsDone"]!);
        var runs = (await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&fresh={Guid.NewGuid():N}", ct))["items"]!.AsArray();
        Assert.Single(runs, r => (string)r!["id"]! == id);
        Assert.Empty(await redis.GetDatabase().ListRangeAsync(JobQueue.Processing));
    }
}
