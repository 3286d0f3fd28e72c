using System.Collections.Concurrent;
using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker;
using CryptApp.Worker.Parts;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.DependencyInjection;

namespace CryptApp.Tests.Worker;

/// <summary>
/// A venue part run by a Worker other than the run's owner joins the owner's trace: the Worker's services
/// wired as in production (not started: no schedule, no consumer), a real Redis and the fake exchange over
/// HTTP, and the spans read by an <see cref="ActivityListener"/> as an exporter would see them.
/// </summary>
public sealed class PartTraceTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact(Timeout = 120_000)]
    public async Task A_part_run_by_another_worker_collects_its_venue_in_the_trace_of_the_run_that_queued_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await redis.FlushAsync();
        await using var exchange = await FakeBlockchain.StartAsync(FakeMarkets.Create(), ct);
        using var worker = InProcessWorker.Build(redis.Endpoint, exchange.BaseUrl);
        var spans = new ConcurrentQueue<Activity>();
        // An ActivityListener hears every source in the process: only this Worker's own source counts.
        var source = worker.Services.GetRequiredService<WorkerTelemetry>().Source;
        using var listener = new ActivityListener
        {
            ShouldListenTo = candidate => ReferenceEquals(candidate, source),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = spans.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        // The run's owner is another Worker: it started the run and queued the venue's part inside its run span.
        const string owner = "run-owner:1";
        var runId = JobQueue.NewRunId();
        var queue = new JobQueue(redis.Connection, TimeProvider.System);
        Assert.Equal(StartResult.Started, await queue.TryStartAsync(runId, "CollectProcessCryptos", RunTriggers.Schedule, owner, TimeSpan.FromSeconds(30)));
        var parts = worker.Services.GetRequiredService<PartQueue>();
        var run = new Activity("CollectProcessCryptos").SetIdFormat(ActivityIdFormat.W3C).Start();
        Assert.True(await parts.EnqueueAsync(runId, owner, ["blockchain"], run.Id));
        run.Stop();

        var taken = await parts.TakeAsync(WorkerIdentity.Owner, TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(30), TimeSpan.Zero, room: 1);
        Assert.NotNull(taken);
        await worker.Services.GetRequiredService<VenuePartRunner>().RunAsync(taken, ct).Within(Timeouts.Collection, "the venue part");

        var part = Assert.Single(await parts.ReadAsync(runId, ["blockchain"]));
        Assert.True(part!.Status.IsFinal() && part.Result!.Counts.SymbolsSucceeded > 0, $"the part ended {part.Status}: {part.Reason}");
        var venue = Assert.Single(spans, s => s.OperationName == "CollectVenue" && s.TraceId == run.TraceId);
        Assert.Equal(run.SpanId, venue.ParentSpanId);
        var symbols = spans.Where(s => s.OperationName == "CollectSymbol" && s.TraceId == run.TraceId).ToList();
        Assert.Equal(part.Result.Counts.SymbolsSucceeded + part.Result.Counts.SymbolsFailed, symbols.Count);
        Assert.DoesNotContain(spans, s => s.OperationName == "CollectVenue" && s.TraceId != run.TraceId);
    }
}
