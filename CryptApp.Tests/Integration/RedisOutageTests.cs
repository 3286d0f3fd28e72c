using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using CryptApp.Core.Storage;
using CryptApp.Tests.Infrastructure;
using StackExchange.Redis;

namespace CryptApp.Tests.Integration;

/// <summary>
/// The AppHost on a Redis this test runs itself (<c>Cache:Mode=External</c>), with the append-only file
/// on, so the test can kill it with SIGKILL and start it again on the same port and data.
/// </summary>
public sealed class ExternalRedisAppHost : CryptAppHost
{
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    public RedisServerProcess Redis { get; private set; } = null!;

    protected override string CacheMode => "External";

    protected override IEnumerable<string> ExtraArgs =>
    [
        $"--ConnectionStrings:cache={Redis.Endpoint}",
        $"--Jobs:LeaseTimeout={LeaseTimeout:c}",
        "--Jobs:PollInterval=00:00:00.100",
    ];

    public override async ValueTask InitializeAsync()
    {
        Redis = await RedisServerProcess.StartAsync("--appendonly", "yes", "--save", "");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}

/// <summary>Redis gone for 10 s during a run: the Worker neither exits nor hangs, reports unready, and collects again after.</summary>
public sealed class RedisOutageTests(ExternalRedisAppHost host) : IClassFixture<ExternalRedisAppHost>
{
    [Fact(Timeout = 180_000)]
    public async Task Redis_killed_for_ten_seconds_mid_run_leaves_the_worker_alive_and_collecting_after()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, Fakes.FakeMarkets.Recorded);
        int workerPid;
        await using (var redis = await ConnectionMultiplexer.ConnectAsync(host.Redis.Endpoint))
        {
            workerPid = await WorkerProcesses.LastOwnerAsync(redis, ct);
        }

        using var worker = host.CreateClient("worker");
        await host.Redis.KillAsync();
        var unready = await WaitForAsync(async () => (await worker.GetAsync("/health", ct)).StatusCode != HttpStatusCode.OK, ct);
        await Task.Delay(TimeSpan.FromSeconds(10), ct);
        Assert.True(unready, "the Worker's /health should report Redis down");
        await host.Redis.StartAsync();
        var restartedAt = DateTimeOffset.UtcNow;

        using (var process = Process.GetProcessById(workerPid))
        {
            Assert.False(process.HasExited, "the Worker exited during the outage");
        }

        var complete = await WaitForAsync(async () =>
        {
            var runs = await RunsAsync(ct);
            return runs.Any(r => (string)r["status"]! is "Succeeded" or "PartiallySucceeded"
                                 && Started(r) > restartedAt
                                 && (int)r["symbolsDone"]! == (int)r["symbolsTotal"]!);
        }, ct);
        Assert.True(complete, "no complete run after Redis came back");
        Assert.True(await WaitForAsync(async () => (await worker.GetAsync("/health", ct)).StatusCode == HttpStatusCode.OK, ct), "the Worker stayed unready");

        var stuck = await WaitForAsync(async () => !(await RunsAsync(ct)).Any(r => (string)r["status"]! == "Running" && Started(r) < restartedAt), ct);
        Assert.True(stuck, "a run from before the outage is still Running");
    }

    private async Task<List<JsonNode>> RunsAsync(CancellationToken ct) =>
        (await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=100&fresh={Guid.NewGuid():N}", ct))["items"]!
            .AsArray().Select(r => r!).ToList();

    private static DateTimeOffset Started(JsonNode run) =>
        DateTimeOffset.Parse((string)run["startedAt"]!, CultureInfo.InvariantCulture);

    /// <summary>Polls until the condition holds or a minute passes; request failures while things recover count as "not yet".</summary>
    private static async Task<bool> WaitForAsync(Func<Task<bool>> condition, CancellationToken ct)
    {
        var deadline = DateTime.UtcNow + Timeouts.Collection;
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                if (await condition())
                {
                    return true;
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !ct.IsCancellationRequested)
            {
                // The service is recovering: ask again.
            }

            await Task.Delay(200, ct);
        }

        return false;
    }
}
