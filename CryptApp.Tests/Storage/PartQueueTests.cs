using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

/// <summary>
/// The venue parts' transitions against a real Redis (one server, and a 3-master cluster): parts queued
/// only by the run's owner, each Worker's fair share of a run before the claim grace, each part taken
/// exactly once however many Workers race, cancels reaching queued and running parts, and a dead
/// Worker's parts queued again, then failed past the attempts allowed.
/// </summary>
public abstract class PartQueueTests(IRedisFixture redis)
{
    private const string Job = "CollectProcessCryptos";
    private const string Owner = "worker-a:1";
    private const string Other = "worker-b:2";
    private static readonly string[] Venues = ["blockchain", "binance", "coinbase", "kraken", "okx"];
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Live = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Grace = TimeSpan.FromMinutes(5);

    private PartQueue Parts => new(redis.Connection);

    private JobQueue Runs => new(redis.Connection, TimeProvider.System);

    [Fact]
    public async Task Only_the_runs_owner_queues_its_parts()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();

        Assert.False(await Parts.EnqueueAsync(run, Other, Venues));
        Assert.Equal(0, await redis.Connection.GetDatabase().SortedSetLengthAsync(RedisKeys.PartQueue));
        Assert.True(await Parts.EnqueueAsync(run, Owner, Venues));
        Assert.Equal(Venues.Length, await redis.Connection.GetDatabase().SortedSetLengthAsync(RedisKeys.PartQueue));
        Assert.All(await Parts.ReadAsync(run, Venues), p => Assert.Equal(RunStatus.Queued, p!.Status));
        // Queued on Redis's clock (the scripts read TIME), so Workers whose clocks drift still agree on the order and the grace.
        var server = await redis.Connection.GetServers()[0].TimeAsync();
        Assert.All(await Parts.ReadAsync(run, Venues), p =>
            Assert.InRange(p!.QueuedAt!.Value, new DateTimeOffset(server, TimeSpan.Zero).AddSeconds(-5), new DateTimeOffset(server, TimeSpan.Zero).AddSeconds(5)));

        // A retried enqueue (its first answer lost) leaves a part already taken as it is.
        var taken = (await Parts.TakeAsync(Other, Lease, Live, Grace, room: 1))!;
        Assert.True(await Parts.EnqueueAsync(run, Owner, Venues));
        Assert.Equal(Venues.Length - 1, await redis.Connection.GetDatabase().SortedSetLengthAsync(RedisKeys.PartQueue));
        Assert.Equal((RunStatus.Running, Other), (await Parts.ReadAsync(run, [taken.Venue]))[0] is { } p ? (p.Status, p.Owner) : default);
    }

    [Fact]
    public async Task Two_live_workers_each_take_their_fair_share_and_a_lone_worker_takes_every_part()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, Venues);
        // Both Workers poll once (no room) so each knows the other is live.
        await Parts.TakeAsync(Owner, Lease, Live, Grace, room: 0);
        await Parts.TakeAsync(Other, Lease, Live, Grace, room: 0);

        var mine = await TakeAllAsync(Owner);
        var theirs = await TakeAllAsync(Other);

        Assert.Equal(3, mine.Count);
        Assert.Equal(2, theirs.Count);
        Assert.Equal(Venues.Order(), mine.Concat(theirs).Select(p => p.Venue).Order());
        var states = await Parts.ReadAsync(run, Venues);
        Assert.All(states, p => Assert.Equal(RunStatus.Running, p!.Status));
        Assert.Equal(mine.Select(p => p.Venue).Order(), states.Where(p => p!.Owner == Owner).Select(p => p!.Venue).Order());

        await redis.FlushAsync();
        var alone = await StartRunAsync();
        await Parts.EnqueueAsync(alone, Owner, Venues);
        Assert.Equal(Venues.Length, (await TakeAllAsync(Owner)).Count);
    }

    [Fact]
    public async Task A_part_left_waiting_past_the_claim_grace_is_taken_by_any_worker_with_room()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, Venues);
        await Parts.TakeAsync(Other, Lease, Live, Grace, room: 0);

        Assert.Equal(3, (await TakeAllAsync(Owner)).Count);
        var late = await Eventually.Value(
            () => TakeAllAsync(Owner, TimeSpan.FromMilliseconds(200)),
            taken => taken.Count > 0,
            Timeouts.Process,
            _ => "the parts left waiting to pass the 200 ms claim grace",
            TestContext.Current.CancellationToken,
            TimeSpan.FromMilliseconds(50));

        Assert.Equal(2, late.Count);
        Assert.Null(await Parts.TakeAsync(Owner, Lease, Live, TimeSpan.Zero, room: 1));
    }

    [Fact]
    public async Task Twenty_workers_racing_take_each_part_exactly_once()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, Venues);
        var workers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => ConnectionMultiplexer.ConnectAsync(redis.Connection.Configuration)));
        try
        {
            var taken = await Task.WhenAll(workers.Select((connection, i) =>
                new PartQueue(connection).TakeAsync($"worker-{i}:1", Lease, Live, TimeSpan.Zero, room: 1)));

            Assert.Equal(Venues.Order(), taken.OfType<TakenPart>().Select(p => p.Venue).Order());
        }
        finally
        {
            foreach (var connection in workers)
            {
                await connection.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task Only_the_taker_reports_and_finishes_and_the_owner_reads_the_result()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["okx"]);
        var part = (await Parts.TakeAsync(Other, Lease, Live, Grace, room: 1))!;
        var result = new PartResult(RunStatus.PartiallySucceeded, "1 of 2 symbols failed",
            new RunCounts(2, 2, 1, 1, 40, 0, [new RunError("okx:ETH-USDT", "500")]),
            new VenueOutcome("okx", "PartiallySucceeded", 2, 1, 1, [new RunError("okx:ETH-USDT", "500")], Other, 1));

        Assert.Equal(RenewResult.Lost, await Parts.RenewAsync(part.Id, Owner, Lease));
        Assert.Equal(RenewResult.Renewed, await Parts.RenewAsync(part.Id, Other, Lease));
        Assert.False(await Parts.ReportAsync(part.Id, Owner, result with { Status = RunStatus.Running }));
        Assert.True(await Parts.ReportAsync(part.Id, Other, result with { Status = RunStatus.Running }));
        Assert.Equal(RunStatus.Running, (await Parts.ReadAsync(run, ["okx"]))[0]!.Result!.Status);
        Assert.False(await Parts.FinishAsync(part.Id, Owner, result));
        Assert.True(await Parts.FinishAsync(part.Id, Other, result));
        Assert.False(await Parts.FinishAsync(part.Id, Other, result));

        var read = (await Parts.ReadAsync(run, ["okx"]))[0]!;
        Assert.Equal((RunStatus.PartiallySucceeded, Other), (read.Status, read.Owner));
        Assert.Equal(result.Counts with { Errors = [] }, read.Result!.Counts with { Errors = [] });
        Assert.Equal(result.Counts.Errors, read.Result.Counts.Errors);
        Assert.Equal(result.Venue.Worker, read.Result.Venue.Worker);
        Assert.True(await redis.Connection.GetDatabase().KeyTimeToLiveAsync(RedisKeys.Part(part.Id)) is { } ttl && ttl <= TimeSpan.FromHours(1));
    }

    [Fact]
    public async Task A_cancel_cancels_the_queued_parts_and_tells_the_running_ones_to_stop()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["okx", "kraken"]);
        var running = (await Parts.TakeAsync(Owner, Lease, Live, Grace, room: 1))!;
        Assert.Equal(RenewResult.Renewed, await Parts.RenewAsync(running.Id, Owner, Lease));

        await Parts.CancelAsync(run, "canceled on request");

        Assert.Equal(RenewResult.CancelRequested, await Parts.RenewAsync(running.Id, Owner, Lease));
        var queued = (await Parts.ReadAsync(run, ["okx", "kraken"])).Single(p => p!.Venue != running.Venue)!;
        Assert.Equal((RunStatus.Canceled, "canceled on request"), (queued.Status, queued.Reason));
        Assert.Null(await Parts.TakeAsync(Other, Lease, Live, TimeSpan.Zero, room: 1));
    }

    [Fact]
    public async Task Parts_of_a_run_that_ended_are_canceled_instead_of_taken()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["okx"]);
        await Runs.FinishAsync(run, Job, Owner, RunStatus.Failed, "stopped", RunCounts.None);

        Assert.Null(await Parts.TakeAsync(Other, Lease, Live, TimeSpan.Zero, room: 1));
        Assert.Equal(RunStatus.Canceled, (await Parts.ReadAsync(run, ["okx"]))[0]!.Status);
    }

    [Fact]
    public async Task A_dead_workers_part_is_queued_again_then_failed_past_the_attempts_allowed()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["kraken"]);
        var shortLease = TimeSpan.FromMilliseconds(200);
        var first = (await Parts.TakeAsync(Other, shortLease, Live, Grace, room: 1))!;
        await LeaseLapsedAsync(RedisKeys.PartLease(first.Id));

        Assert.Empty(await Parts.SettleLostAsync(maxAttempts: 2, [first.Id]));
        var requeued = Assert.Single(await Parts.SettleLostAsync(maxAttempts: 2, []));
        Assert.Equal((first.Id, true, Other), (requeued.PartId, requeued.Requeued, requeued.LostOwner));
        Assert.Equal(RenewResult.Lost, await Parts.RenewAsync(first.Id, Other, Lease));
        var second = (await Parts.TakeAsync(Owner, shortLease, Live, Grace, room: 1))!;
        Assert.Equal((first.Id, 2), (second.Id, second.Attempt));
        await LeaseLapsedAsync(RedisKeys.PartLease(second.Id));

        var failed = Assert.Single(await Parts.SettleLostAsync(maxAttempts: 2, []));
        Assert.False(failed.Requeued);
        var state = (await Parts.ReadAsync(run, ["kraken"]))[0]!;
        Assert.Equal(RunStatus.Failed, state.Status);
        Assert.StartsWith(JobQueue.WorkerLost, state.Reason);
        Assert.Contains(Owner, state.Reason);
    }

    [Fact]
    public async Task A_worker_never_takes_back_a_part_it_is_still_executing()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["kraken"]);
        var first = (await Parts.TakeAsync(Owner, TimeSpan.FromMilliseconds(200), Live, Grace, room: 1))!;
        await LeaseLapsedAsync(RedisKeys.PartLease(first.Id));
        // Another replica finds the lease lapsed (the first runner stalled) and queues the part again.
        Assert.Single(await Parts.SettleLostAsync(maxAttempts: 3, []));

        Assert.Null(await Parts.TakeAsync(Owner, Lease, Live, TimeSpan.Zero, room: 1, executing: [first.Id]));
        var second = (await Parts.TakeAsync(Other, Lease, Live, TimeSpan.Zero, room: 1))!;
        Assert.Equal((first.Id, 2), (second.Id, second.Attempt));
        Assert.Equal(RenewResult.Lost, await Parts.RenewAsync(first.Id, Owner, Lease));
    }

    [Fact]
    public async Task A_stopping_worker_hands_its_part_back_while_the_run_goes_on_and_cancels_it_once_the_run_is_called_off()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["okx"], "00-0123456789abcdef0123456789abcdef-0123456789abcdef-01");
        var taken = (await Parts.TakeAsync(Other, Lease, Live, Grace, room: 1))!;
        Assert.Equal("00-0123456789abcdef0123456789abcdef-0123456789abcdef-01", taken.TraceParent);

        Assert.Null(await Parts.ReleaseAsync(taken.Id, Owner, "worker shutting down"));
        Assert.True(await Parts.ReleaseAsync(taken.Id, Other, "worker shutting down"));
        var again = (await Parts.TakeAsync(Other, Lease, Live, Grace, room: 1))!;
        Assert.Equal((taken.Id, 2, taken.TraceParent), (again.Id, again.Attempt, again.TraceParent));

        await Parts.CancelAsync(run, "worker shutting down");
        Assert.False(await Parts.ReleaseAsync(again.Id, Other, "worker shutting down"));
        var state = (await Parts.ReadAsync(run, ["okx"]))[0]!;
        Assert.Equal((RunStatus.Canceled, "worker shutting down"), (state.Status, state.Reason));
    }

    [Fact]
    public async Task The_runs_own_worker_stopping_cancels_its_part_instead_of_handing_it_back()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["okx"]);
        var taken = (await Parts.TakeAsync(Owner, Lease, Live, Grace, room: 1))!;

        // The run is about to end Canceled with its owner: another Worker must not start the venue again meanwhile.
        Assert.False(await Parts.ReleaseAsync(taken.Id, Owner, "worker shutting down"));
        Assert.Null(await Parts.TakeAsync(Other, Lease, Live, TimeSpan.Zero, room: 1));
    }

    [Fact]
    public async Task A_cancel_asked_of_the_run_stops_its_running_parts_and_cancels_its_queued_ones()
    {
        await redis.FlushAsync();
        var run = await StartRunAsync();
        await Parts.EnqueueAsync(run, Owner, ["okx", "kraken"]);
        var running = (await Parts.TakeAsync(Owner, Lease, Live, Grace, room: 1))!;

        Assert.Equal(RunStatus.Running, await Runs.CancelAsync(run));

        Assert.Equal(RenewResult.CancelRequested, await Parts.RenewAsync(running.Id, Owner, Lease));
        Assert.Null(await Parts.TakeAsync(Other, Lease, Live, TimeSpan.Zero, room: 1));
        var queued = (await Parts.ReadAsync(run, ["okx", "kraken"])).Single(p => p!.Venue != running.Venue)!;
        Assert.Equal(RunStatus.Canceled, queued.Status);
    }

    [Fact]
    public async Task A_dead_workers_part_is_not_queued_again_when_the_runs_owner_is_dead_too()
    {
        await redis.FlushAsync();
        var run = JobQueue.NewRunId();
        Assert.Equal(StartResult.Started, await Runs.TryStartAsync(run, Job, RunTriggers.Schedule, Owner, TimeSpan.FromMilliseconds(300)));
        await Parts.EnqueueAsync(run, Owner, ["bybit"]);
        var part = (await Parts.TakeAsync(Other, TimeSpan.FromMilliseconds(200), Live, Grace, room: 1))!;
        await LeaseLapsedAsync(RedisKeys.PartLease(part.Id));
        await LeaseLapsedAsync(RedisKeys.Lease(run));

        var lost = Assert.Single(await Parts.SettleLostAsync(maxAttempts: 3, []));

        Assert.False(lost.Requeued);
        Assert.Equal(RunStatus.Failed, (await Parts.ReadAsync(run, ["bybit"]))[0]!.Status);
    }

    private async Task<string> StartRunAsync()
    {
        var id = JobQueue.NewRunId();
        Assert.Equal(StartResult.Started, await Runs.TryStartAsync(id, Job, RunTriggers.Schedule, Owner, Lease));
        return id;
    }

    /// <summary>Waits until Redis has let a lease's key expire.</summary>
    private Task LeaseLapsedAsync(string key) =>
        Eventually.That(
            async () => !await redis.Connection.GetDatabase().KeyExistsAsync(key),
            Timeouts.Process,
            () => $"lease {key} to lapse",
            TestContext.Current.CancellationToken,
            TimeSpan.FromMilliseconds(50));

    private async Task<List<TakenPart>> TakeAllAsync(string worker, TimeSpan? grace = null)
    {
        var taken = new List<TakenPart>();
        while (taken.Count < Venues.Length && await Parts.TakeAsync(worker, Lease, Live, grace ?? Grace, room: 1) is { } part)
        {
            taken.Add(part);
        }

        return taken;
    }
}
