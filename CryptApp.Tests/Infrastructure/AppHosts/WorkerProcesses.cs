using System.Diagnostics;
using System.Globalization;
using System.Net;
using Aspire.Hosting.Testing;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>Finds the Worker process that owns a run (its lease names host and PID) and signals it by PID.</summary>
internal static class WorkerProcesses
{
    /// <summary>Triggers a run on a slow exchange and waits until it has collected some symbols; its id and its Worker's PID.</summary>
    public static async Task<(string RunId, int Owner)> StartSlowRunAsync(CryptAppHost host, CancellationToken ct)
    {
        host.Blockchain.Latency = TimeSpan.FromSeconds(1);
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))!);
        using var writer = host.CreateWriter();
        var response = await JobRuns.TriggerAsync(writer, ct, tries: 5);

        string id;
        using (response)
        {
            id = (string)(await JobRuns.ReadAsync(response, HttpStatusCode.Accepted, ct))["id"]!;
        }

        var owner = await OwnerOfAsync(redis, id, ct);
        await JobRuns.WaitForProgressAsync(host.Api, id, 2, ct);
        return (id, owner);
    }

    private static async Task<int> OwnerOfAsync(ConnectionMultiplexer redis, string runId, CancellationToken ct)
    {
        var owner = await Eventually.Value(
            async () => (string?)await redis.GetDatabase().StringGetAsync(RedisKeys.Lease(runId)),
            owner => owner is not null,
            Timeouts.Collection,
            _ => $"run {runId} to have a lease naming its Worker",
            ct,
            TimeSpan.FromMilliseconds(50));
        return int.Parse(owner!.Split(':')[1], CultureInfo.InvariantCulture);
    }

    /// <summary>The Worker that ran the newest run (its record keeps the owner).</summary>
    public static async Task<int> LastOwnerAsync(ConnectionMultiplexer redis, CancellationToken ct)
    {
        var owner = await Eventually.Value(
            () => NewestOwnerAsync(redis.GetDatabase()),
            owner => owner is not null,
            Timeouts.Collection,
            _ => "a run among the newest ten to name its owner",
            ct,
            TimeSpan.FromMilliseconds(50));
        return int.Parse(owner!.Split(':')[1], CultureInfo.InvariantCulture);
    }

    private static async Task<string?> NewestOwnerAsync(IDatabase db)
    {
        foreach (var id in await db.SortedSetRangeByRankAsync(RedisKeys.RunIndex, 0, 9, Order.Descending))
        {
            if (await db.HashGetAsync(RedisKeys.Run(id!), "owner") is { IsNullOrEmpty: false } owner)
            {
                return owner;
            }
        }

        return null;
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
