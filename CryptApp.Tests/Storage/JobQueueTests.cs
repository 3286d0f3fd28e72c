using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

/// <summary>
/// The run state machine's transitions against a real Redis (one server, and a 3-master cluster, where
/// a transition whose keys crossed hash slots would fail): atomic enqueue, owner-checked renew and
/// finish, cancel against take, lapsed leases settled, undecodable messages dead-lettered.
/// </summary>
public abstract class JobQueueTests(IRedisFixture redis)
{
    private const string Job = "CollectProcessCryptos";
    private const string Me = "worker-a:1";
    private const string Other = "worker-b:2";
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    private JobQueue Queue => new(redis.Connection, TimeProvider.System);

    private JobStore Store => new(redis.Connection, NullLogger<JobStore>.Instance);

    [Fact]
    public async Task Enqueue_creates_a_queued_run_and_a_second_enqueue_returns_it()
    {
        await redis.FlushAsync();

        var (id, created) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);
        var (again, createdAgain) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.Equal(id, again);
        var run = await Store.GetAsync(id);
        Assert.Equal(RunStatus.Queued, run!.Status);
        Assert.Equal(RunTriggers.Manual, run.Trigger);
        Assert.NotNull(run.QueuedAt);
        Assert.Equal(1, await redis.Connection.GetDatabase().ListLengthAsync(RedisKeys.Queue));
    }

    [Fact]
    public async Task Twenty_concurrent_enqueues_make_one_run()
    {
        await redis.FlushAsync();

        var results = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => Queue.EnqueueAsync(Job, RunTriggers.Manual, null)));

        Assert.Single(results, r => r.Created);
        Assert.Single(results.Select(r => r.RunId).Distinct());
        Assert.Equal(1, await redis.Connection.GetDatabase().ListLengthAsync(RedisKeys.Queue));
    }

    [Fact]
    public async Task Twenty_concurrent_direct_starts_from_twenty_workers_start_one_run()
    {
        await redis.FlushAsync();

        // Each Worker has its own connection (a server serves one connection's commands in order) and names its
        // own run: only the job's marker, read and set inside the script, keeps them apart.
        var workers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ConnectionMultiplexer.ConnectAsync(redis.Connection.Configuration)));
        try
        {
            var results = await Task.WhenAll(workers.Select((connection, i) =>
                new JobQueue(connection, TimeProvider.System).TryStartAsync($"run{i:D2}", Job, RunTriggers.Startup, $"worker-{i}:1", Lease, DateTimeOffset.UtcNow)));

            Assert.Equal(1, results.Count(r => r == StartResult.Started));
        }
        finally
        {
            foreach (var connection in workers)
            {
                await connection.DisposeAsync();
            }
        }


        Assert.Equal(1, await redis.Connection.GetDatabase().SetLengthAsync(RedisKeys.RunningRuns));
    }

    [Fact]
    public async Task Only_the_owner_renews_and_finishes_and_finishing_frees_the_job()
    {
        await redis.FlushAsync();
        var (id, _) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");

        var taken = await Queue.TakeAsync(Me, Lease);

        Assert.Equal(TakeOutcome.Run, taken!.Outcome);
        Assert.Equal(id, taken.Run!.RunId);
        Assert.Equal("00-0123456789abcdef0123456789abcdef-0123456789abcdef-01", taken.Run.TraceParent);
        Assert.Equal(RunStatus.Running, (await Store.GetAsync(id))!.Status);
        Assert.Equal(RenewResult.Lost, await Queue.RenewAsync(id, Other, Lease));
        Assert.Equal(RenewResult.Renewed, await Queue.RenewAsync(id, Me, Lease));
        Assert.False(await Queue.ReportAsync(id, Other, RunCounts.None));
        Assert.True(await Queue.ReportAsync(id, Me, RunCounts.None with { SymbolsTotal = 5, SymbolsDone = 2 }));
        Assert.Equal(2, (await Store.GetAsync(id))!.SymbolsDone);
        Assert.False(await Queue.FinishAsync(id, Job, Other, RunStatus.Succeeded, null, RunCounts.None));

        var counts = new RunCounts(5, 5, 4, 1, 100, 2, [new RunError("ABC-USD", "500")]);
        Assert.True(await Queue.FinishAsync(id, Job, Me, RunStatus.PartiallySucceeded, "1 of 5 symbols failed", counts));

        var run = await Store.GetAsync(id);
        Assert.Equal(RunStatus.PartiallySucceeded, run!.Status);
        Assert.Equal("1 of 5 symbols failed", run.Reason);
        Assert.Equal(counts, run.Counts with { Errors = counts.Errors });
        Assert.Equal(new RunError("ABC-USD", "500"), Assert.Single(run.Errors));
        Assert.NotNull(await Store.LastSuccessAsync(Job));
        Assert.True((await Queue.EnqueueAsync(Job, RunTriggers.Manual, null)).Created);
    }

    [Fact]
    public async Task A_cancel_and_a_take_never_both_win()
    {
        await redis.FlushAsync();
        for (var i = 0; i < 40; i++)
        {
            var (id, _) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);

            var cancel = Queue.CancelAsync(id);
            var take = Queue.TakeAsync(Me, Lease);
            var (canceled, taken) = (await cancel, await take);

            var final = await Store.GetAsync(id);
            if (taken is null)
            {
                Assert.Equal(RunStatus.Canceled, canceled);
                Assert.Equal(RunStatus.Canceled, final!.Status);
            }
            else
            {
                Assert.Equal(RunStatus.Running, canceled);
                Assert.Equal(RunStatus.Running, final!.Status);
                Assert.Equal(RenewResult.CancelRequested, await Queue.RenewAsync(id, Me, Lease));
                await Queue.FinishAsync(id, Job, Me, RunStatus.Canceled, "canceled on request", RunCounts.None);
            }

            Assert.Equal(0, await redis.Connection.GetDatabase().ListLengthAsync(RedisKeys.Queue));
        }
    }

    [Fact]
    public async Task A_run_whose_lease_lapses_is_settled_as_worker_lost_and_the_job_is_free()
    {
        await redis.FlushAsync();
        var (id, _) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);
        // Long enough to outlast a starved test process between the take and the first settle; the lapse is then waited out.
        await Queue.TakeAsync(Other, TimeSpan.FromSeconds(2));

        Assert.False((await Queue.EnqueueAsync(Job, RunTriggers.Manual, null)).Created);
        Assert.Empty(await Queue.SettleLostAsync([]));
        await Eventually.That(
            async () => !await redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.Lease(id)),
            Timeouts.Process,
            () => $"the lease of run {id} to lapse",
            TestContext.Current.CancellationToken);

        Assert.Empty(await Queue.SettleLostAsync([id]));
        Assert.Equal([id], await Queue.SettleLostAsync([]));
        var run = await Store.GetAsync(id);
        Assert.Equal(RunStatus.Failed, run!.Status);
        Assert.StartsWith(JobQueue.WorkerLost, run.Reason);
        Assert.Contains(Other, run.Reason);
        Assert.NotNull(run.FinishedAt);
        Assert.False(await Queue.FinishAsync(id, Job, Other, RunStatus.Succeeded, null, RunCounts.None));
        Assert.True((await Queue.EnqueueAsync(Job, RunTriggers.Manual, null)).Created);
    }

    [Fact]
    public async Task An_undecodable_message_goes_once_to_the_dead_letters()
    {
        await redis.FlushAsync();
        var db = redis.Connection.GetDatabase();
        await db.ListLeftPushAsync(RedisKeys.Queue, "not a run request");
        await db.ListLeftPushAsync(RedisKeys.Queue, "0123abcd|CollectProcessCryptos|");

        var first = await Queue.TakeAsync(Me, Lease);
        var second = await Queue.TakeAsync(Me, Lease);

        Assert.Equal(TakeOutcome.DeadLettered, first!.Outcome);
        Assert.Equal("not a run request", first.Detail);
        Assert.Equal(TakeOutcome.DeadLettered, second!.Outcome);
        Assert.Null(await Queue.TakeAsync(Me, Lease));
        Assert.Equal(2, await db.ListLengthAsync(RedisKeys.DeadLetters));
    }

    [Fact]
    public async Task A_direct_start_waits_for_an_active_run_and_a_startup_start_for_a_stale_success()
    {
        await redis.FlushAsync();
        var (queued, _) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);

        Assert.Equal(StartResult.Busy, await Queue.TryStartAsync(JobQueue.NewRunId(), Job, RunTriggers.Schedule, Me, Lease));

        await Queue.CancelAsync(queued);
        var scheduled = JobQueue.NewRunId();
        Assert.Equal(StartResult.Started, await Queue.TryStartAsync(scheduled, Job, RunTriggers.Schedule, Me, Lease));
        Assert.Equal(RunStatus.Running, (await Store.GetAsync(scheduled))!.Status);
        await Queue.FinishAsync(scheduled, Job, Me, RunStatus.Succeeded, null, RunCounts.None);

        var lastSuccess = (await Store.LastSuccessAsync(Job))!.Value;
        Assert.Equal(StartResult.Fresh, await Queue.TryStartAsync(JobQueue.NewRunId(), Job, RunTriggers.Startup, Me, Lease, lastSuccess - TimeSpan.FromHours(1)));
        Assert.Equal(StartResult.Started, await Queue.TryStartAsync(JobQueue.NewRunId(), Job, RunTriggers.Startup, Me, Lease, lastSuccess + TimeSpan.FromSeconds(1)));
    }

    [Fact]
    public async Task Trimming_keeps_the_newest_runs_and_never_an_active_one()
    {
        await redis.FlushAsync();
        var ids = new List<string>();
        for (var i = 0; i < 6; i++)
        {
            var id = JobQueue.NewRunId();
            await Queue.TryStartAsync(id, $"Job{i}", RunTriggers.Schedule, Me, Lease);
            if (i > 0)
            {
                await Queue.FinishAsync(id, $"Job{i}", Me, RunStatus.Succeeded, null, RunCounts.None);
            }

            ids.Add(id);
            await NextMillisecondAsync();
        }

        Assert.Equal(3, await Store.TrimAsync(2));

        var (items, total) = await Store.ListAsync(1, 50);
        Assert.Equal(3, total);
        Assert.Equal([ids[5], ids[4], ids[0]], items.Select(r => r.Id));
        Assert.Equal([ids[4]], (await Store.ListAsync(1, 50, job: "Job4")).Items.Select(r => r.Id));
        Assert.Equal([ids[0]], (await Store.ListAsync(1, 50, status: RunStatus.Running)).Items.Select(r => r.Id));
    }

    [Fact]
    public async Task Runs_are_paged_from_the_index_of_their_job_and_status_and_move_with_every_transition()
    {
        await redis.FlushAsync();
        var done = (await Queue.EnqueueAsync(Job, RunTriggers.Manual, null)).RunId;
        await Queue.TakeAsync(Me, Lease);
        Assert.Equal([done], await IdsAsync(Job, RunStatus.Running));
        await Queue.FinishAsync(done, Job, Me, RunStatus.Succeeded, null, RunCounts.None);
        await NextMillisecondAsync();
        var canceled = (await Queue.EnqueueAsync(Job, RunTriggers.Manual, null)).RunId;
        await Queue.CancelAsync(canceled);
        await NextMillisecondAsync();
        var lost = JobQueue.NewRunId();
        await Queue.TryStartAsync(lost, "PruneHistory", RunTriggers.Schedule, Other, TimeSpan.FromMilliseconds(100));
        await Eventually.That(
            async () => !await redis.Connection.GetDatabase().KeyExistsAsync(RedisKeys.Lease(lost)), Timeouts.Process, () => $"the lease of run {lost} to lapse",
            TestContext.Current.CancellationToken);
        await Queue.SettleLostAsync([]);

        Assert.Equal([done], await IdsAsync(Job, RunStatus.Succeeded));
        Assert.Empty(await IdsAsync(Job, RunStatus.Running));
        Assert.Equal([canceled], await IdsAsync(null, RunStatus.Canceled));
        Assert.Equal([lost], await IdsAsync("PruneHistory", RunStatus.Failed));
        Assert.Equal([canceled, done], await IdsAsync(Job, null));
        Assert.Equal([lost, canceled, done], await IdsAsync(null, null));
        var (second, total) = await Store.ListAsync(2, 1, Job);
        Assert.Equal((done, 2), (Assert.Single(second).Id, total));
    }

    [Fact]
    public async Task Runs_written_without_job_and_status_indexes_are_indexed_on_the_first_read()
    {
        await redis.FlushAsync();
        var db = redis.Connection.GetDatabase();
        var ids = new[] { JobQueue.NewRunId(), JobQueue.NewRunId() };
        for (var i = 0; i < ids.Length; i++)
        {
            await db.HashSetAsync(RedisKeys.Run(ids[i]), [new("job", Job), new("trigger", RunTriggers.Schedule), new("status", i == 0 ? "Succeeded" : "Failed")]);
            await db.SortedSetAddAsync(RedisKeys.RunIndex, ids[i], 1_000 + i);
        }

        Assert.Equal([ids[0]], await IdsAsync(Job, RunStatus.Succeeded));
        Assert.Equal([ids[1]], await IdsAsync(null, RunStatus.Failed));
        Assert.True(await db.KeyExistsAsync(RedisKeys.RunIndexesComplete));
    }

    [Fact]
    public async Task A_run_record_that_cannot_be_read_is_left_out_of_its_page()
    {
        await redis.FlushAsync();
        var good = (await Queue.EnqueueAsync(Job, RunTriggers.Manual, null)).RunId;
        var db = redis.Connection.GetDatabase();
        foreach (var (id, fields) in new (string, HashEntry[])[]
                 {
                     ("badstatus", [new("job", Job), new("status", "Exploded")]),
                     ("badprogress", [new("job", Job), new("status", "Succeeded"), new("progress", "{not json")]),
                 })
        {
            await db.HashSetAsync(RedisKeys.Run(id), fields);
            await db.SortedSetAddAsync(RedisKeys.RunIndex, id, 1);
        }

        var (items, total) = await Store.ListAsync(1, 10);

        Assert.Equal([good], items.Select(r => r.Id));
        Assert.Equal(3, total);
        Assert.Null(await Store.GetAsync("badprogress"));
    }

    private async Task<IReadOnlyList<string>> IdsAsync(string? job, RunStatus? status) =>
        (await Store.ListAsync(1, 50, job, status)).Items.Select(r => r.Id).ToList();

    /// <summary>Runs are indexed by their creation millisecond: the next one gets a later one.</summary>
    private static Task NextMillisecondAsync()
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        return Eventually.That(
            () => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() > now, Timeouts.Process, () => "the clock to pass a millisecond",
            TestContext.Current.CancellationToken, TimeSpan.FromMilliseconds(1));
    }

    [Fact]
    public async Task A_slot_is_taken_once()
    {
        await redis.FlushAsync();
        var locks = new SlotLocks(redis.Connection);
        var slot = new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

        var taken = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => locks.TryTakeAsync(Job, slot, TimeSpan.FromMinutes(1))));

        Assert.Single(taken, t => t);
    }

    [Fact]
    public async Task Cancel_and_progress_announcements_reach_subscribers()
    {
        await redis.FlushAsync();
        var received = new TaskCompletionSource<string>();
        await redis.Connection.GetSubscriber().SubscribeAsync(
            RedisChannel.Literal(RedisKeys.CancelChannel), (_, value) => received.TrySetResult(value!));
        var (id, _) = await Queue.EnqueueAsync(Job, RunTriggers.Manual, null);
        await Queue.TakeAsync(Me, Lease);

        Assert.Equal(RunStatus.Running, await Queue.CancelAsync(id));

        Assert.Equal(id, await received.Task.Within(Timeouts.Request, "the cancel announcement"));
    }
}
