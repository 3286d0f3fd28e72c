using System.Globalization;
using System.Text.Json;
using Aspire.Hosting.Testing;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.AppHosts;

internal static class VenueSpread
{
    /// <summary>The run as a run of the spread fixture always ends: every L2 venue collected, Blockchain.com's fake failing some symbols on purpose.</summary>
    public static void AssertCollectedAsUsual(RunRecord run)
    {
        var detail = JsonSerializer.Serialize(run.Venues);
        var venues = run.Venues!.ToDictionary(v => v.Venue);
        Assert.All(VenueCatalog.L2Venues, v => Assert.True(venues[v.Id].Status == "Succeeded", $"run {run.Id}: {detail}"));
        Assert.True(run.Status == RunStatus.PartiallySucceeded, $"run {run.Id} {run.Status} ({run.Reason}): {detail}");
        Assert.StartsWith("blockchain: ", run.Reason);
        Assert.DoesNotContain(run.Errors, e => e.Reason.Contains(JobQueue.WorkerLost, StringComparison.Ordinal) || e.Reason.Contains("stopped", StringComparison.Ordinal));
    }

    /// <summary>
    /// Slows every L2 venue, finds a run with a part running on the Worker that does not own it, and kills or
    /// stops that Worker: the run must end as usual, the venues it had not finished run again (attempt 2) by another.
    /// </summary>
    public static async Task StopAPartWorkerMidRunAsync(SpreadVenuesAppHost host, bool kill, CancellationToken ct)
    {
        await using var redis = await ConnectAsync(host, ct);
        await LiveWorkersAsync(redis, 2, ct);
        // Each venue's list and books take 3 s: a part is found mid-way (its list in) with 3 s of books still to come,
        // long enough for the signal to land first even next to two busy loops (at 1.5 s it once came too late).
        // The venues' 6 s request timeout stays well above it.
        host.Venues.Latency = TimeSpan.FromSeconds(3);
        foreach (var venue in VenueCatalog.L2Venues)
        {
            host.Venues.Set(venue.Id, FakeVenueFault.Slow);
        }

        try
        {
            var (runId, victim) = await RunWithPartsOnAnotherWorkerAsync(redis, DateTimeOffset.UtcNow, ct);
            await WorkerProcesses.SignalAsync(int.Parse(victim.Split(':')[1], CultureInfo.InvariantCulture), kill, ct);

            var run = await FinalAsync(redis, runId, ct);
            var detail = JsonSerializer.Serialize(run.Venues);

            AssertCollectedAsUsual(run);
            // The victim was running at least one part when it went: that one (or more) ran again elsewhere.
            Assert.True(run.Venues!.Any(v => v.Attempt == 2 && v.Worker != victim), $"run {run.Id}: {detail}");
            // Whatever the victim is still named on, it finished before it went.
            Assert.All(run.Venues!.Where(v => v.Worker == victim), v => Assert.Equal(1, v.Attempt));
        }
        finally
        {
            foreach (var venue in VenueCatalog.L2Venues)
            {
                host.Venues.Set(venue.Id, FakeVenueFault.None);
            }
        }
    }

    public static async Task<ConnectionMultiplexer> ConnectAsync(CryptAppHost host, CancellationToken ct)
    {
        var connection = await host.App.GetConnectionStringAsync("cache", ct).AsTask().Within(Timeouts.Request, "the cache's address");
        return await ConnectionMultiplexer.ConnectAsync(connection!).Within(Timeouts.Request, "Redis");
    }

    /// <summary>Waits until <paramref name="count"/> Workers have polled for parts within the last second; their owner names.</summary>
    public static async Task<IReadOnlyList<string>> LiveWorkersAsync(ConnectionMultiplexer redis, int count, CancellationToken ct)
    {
        var live = await Eventually.Value(
            () => redis.GetDatabase().SortedSetRangeByScoreAsync(RedisKeys.Workers, DateTimeOffset.UtcNow.AddSeconds(-1).ToUnixTimeMilliseconds(), double.PositiveInfinity),
            live => live.Length >= count,
            Timeouts.Collection,
            live => $"{count} live Workers; saw {string.Join(", ", live ?? [])}",
            ct);
        return live.Select(w => w.ToString()).ToList();
    }

    /// <summary>The first collection run that started after <paramref name="since"/>, once it has finished.</summary>
    public static async Task<RunRecord> RunStartedAfterAsync(ConnectionMultiplexer redis, DateTimeOffset since, CancellationToken ct)
    {
        var store = new JobStore(redis, NullLogger<JobStore>.Instance);
        return await PollAsync(async () =>
        {
            var (runs, _) = await store.ListAsync(1, 20, JobCatalog.CollectProcessCryptos.Name);
            var first = runs.Where(r => r.StartedAt > since).MinBy(r => r.StartedAt);
            return first is { IsFinal: true } ? first : null;
        }, $"a run started after {since:O} to finish", ct);
    }

    public static Task<RunRecord> FinalAsync(ConnectionMultiplexer redis, string runId, CancellationToken ct) =>
        PollAsync(async () => await new JobStore(redis, NullLogger<JobStore>.Instance).GetAsync(runId) is { IsFinal: true } run ? run : null, $"run {runId} to finish", ct);

    /// <summary>
    /// A running run (started after <paramref name="since"/>) with a venue part running on a Worker other than
    /// the run's owner, once that part has collected for a moment; the run's id and that Worker.
    /// </summary>
    public static async Task<(string RunId, string Worker)> RunWithPartsOnAnotherWorkerAsync(ConnectionMultiplexer redis, DateTimeOffset since, CancellationToken ct)
    {
        var db = redis.GetDatabase();
        var parts = new PartQueue(redis);
        var venues = VenueCatalog.All.Select(v => v.Id).ToList();
        return await PollAsync<(string, string)?>(async () =>
        {
            foreach (var id in await db.SortedSetRangeByScoreAsync(RedisKeys.RunIndex, since.ToUnixTimeMilliseconds(), double.PositiveInfinity))
            {
                var run = await db.HashGetAsync(RedisKeys.Run(id!), ["status", "owner"]);
                if (run[0] != nameof(RunStatus.Running))
                {
                    continue;
                }

                var elsewhere = (await parts.ReadAsync(id!, venues))
                    .FirstOrDefault(p => p is { Status: RunStatus.Running, Owner: { } owner } && owner != run[1]
                                         && p.Result is { Counts.SymbolsTotal: > 0 });
                if (elsewhere is not null)
                {
                    return (id.ToString(), elsewhere.Owner!);
                }
            }

            return null;
        }, "a run with a venue part running on another Worker", ct) ?? throw new InvalidOperationException("unreachable");
    }

    private static async Task<T> PollAsync<T>(Func<Task<T?>> probe, string what, CancellationToken ct) =>
        (await Eventually.Value(probe, found => found is not null, Timeouts.Collection, _ => what, ct))!;
}
