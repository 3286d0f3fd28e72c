using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

/// <summary>
/// Redis full (<c>maxmemory</c> reached, nothing it may evict): every transition a refused write meets leaves its run as
/// it was; the refusal is Redis's OOM error, which the Worker's loops wait out and the Api answers 503 (transient); and
/// once memory is freed nothing stays blocked: the run is taken and finished, and the job takes the next one.
/// </summary>
public sealed class FullRedisTests : IClassFixture<FullRedisServer>
{
    private const string Job = "CollectProcessCryptos";
    private const string Me = "worker-a:1";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private readonly FullRedisServer _redis;

    public FullRedisTests(FullRedisServer redis)
    {
        RedisServerOnly.Require(FullRedisServer.Feature);
        _redis = redis;
    }

    private JobQueue Queue => new(_redis.Connection, TimeProvider.System);

    private JobStore Store => new(_redis.Connection, NullLogger<JobStore>.Instance);

    private IDatabase Db => _redis.Connection.GetDatabase();

    [Fact]
    public async Task A_take_refused_by_a_full_redis_leaves_the_run_queued_and_it_is_taken_once_memory_is_freed()
    {
        await _redis.ResetAsync();
        var (id, _) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);
        await _redis.FillAsync();

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => Queue.TakeAsync(Me, Lease));

        Assert.True(RedisFailures.IsTransient(refused), "a full Redis is waited out, not a bug");
        Assert.Equal(RunStatus.Queued, (await Store.GetAsync(id))!.Status);
        Assert.Equal(1, await Db.ListLengthAsync(RedisKeys.Queue));
        await _redis.FreeAsync();
        var taken = await Queue.TakeAsync(Me, Lease);
        Assert.Equal(id, taken?.Run?.RunId);
        Assert.True(await Queue.FinishAsync(id, Job, Me, RunStatus.Succeeded, null, RunCounts.None));
    }

    [Fact]
    public async Task Writes_refused_by_a_full_redis_leave_nothing_half_done_and_the_next_run_completes()
    {
        await _redis.ResetAsync();
        var (id, _) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);
        await Queue.TakeAsync(Me, Lease);
        await _redis.FillAsync();

        await Assert.ThrowsAsync<RedisServerException>(() => Queue.FinishAsync(id, Job, Me, RunStatus.Succeeded, null, RunCounts.None));
        await Assert.ThrowsAsync<RedisServerException>(() => Queue.EnqueueAsync("PruneHistory", RunTriggers.Manual, null));
        await Assert.ThrowsAsync<RedisServerException>(() => Queue.TryStartAsync(JobQueue.NewRunId(), "PruneHistory", RunTriggers.Schedule, Me, Lease));

        Assert.Equal(RunStatus.Running, (await Store.GetAsync(id))!.Status);
        Assert.False(await Db.KeyExistsAsync(RedisKeys.ActiveRun("PruneHistory")));
        Assert.Equal(1, await Db.SortedSetLengthAsync(RedisKeys.RunIndex));
        Assert.Equal(0, await Db.ListLengthAsync(RedisKeys.Queue));
        await _redis.FreeAsync();
        Assert.True(await Queue.FinishAsync(id, Job, Me, RunStatus.Succeeded, null, RunCounts.None));
        var (next, created) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);
        Assert.True(created, "the job is free again");
        Assert.Equal(next, (await Queue.TakeAsync(Me, Lease))?.Run?.RunId);
        Assert.True(await Queue.FinishAsync(next, Job, Me, RunStatus.Succeeded, null, RunCounts.None));
        Assert.Equal([next, id], (await Store.ListAsync(1, 10, Job, RunStatus.Succeeded)).Items.Select(r => r.Id));
    }

    [Fact]
    public async Task A_venue_part_refused_by_a_full_redis_stays_queued_and_is_taken_once_memory_is_freed()
    {
        await _redis.ResetAsync();
        var parts = new PartQueue(_redis.Connection);
        var run = JobQueue.NewRunId();
        await Queue.TryStartAsync(run, Job, RunTriggers.Schedule, Me, Lease);
        Assert.True(await parts.EnqueueAsync(run, Me, ["binance"]));
        await _redis.FillAsync();

        var refused = await Assert.ThrowsAsync<RedisServerException>(() => parts.TakeAsync(Me, Lease, Lease, TimeSpan.Zero, room: 1));

        Assert.True(RedisFailures.IsTransient(refused));
        Assert.Equal(RunStatus.Queued, (await parts.ReadAsync(run, ["binance"]))[0]!.Status);
        await _redis.FreeAsync();
        Assert.Equal("binance", (await parts.TakeAsync(Me, Lease, Lease, TimeSpan.Zero, room: 1))?.Venue);
    }

    [Fact]
    public async Task A_full_redis_lets_a_script_that_already_wrote_go_on_writing()
    {
        // The server's own rule, on which no transition relies: only a script's first write is refused when full.
        await _redis.ResetAsync();
        await Db.ListLeftPushAsync("list", "message");
        await _redis.FillAsync();

        var popped = await Db.ScriptEvaluateAsync(
            "local m = redis.call('RPOP', KEYS[1]); redis.call('HSET', KEYS[2], 'status', 'Running'); return m", ["list", "hash"]);

        Assert.Equal("message", (string?)popped);
        Assert.Equal("Running", (string?)await Db.HashGetAsync("hash", "status"));
    }
}
