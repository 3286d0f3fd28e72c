using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using CryptApp.Worker.Jobs;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Etl;

/// <summary>
/// A run of the ETL, as its owner sees it: one part per enabled venue, queued for whichever live Worker
/// replicas take them (<see cref="PartQueue"/>; each part is <see cref="VenueCollector"/>'s work, run by
/// <see cref="Parts.VenuePartRunner"/>), so a run's venues spread across replicas and one venue failing,
/// banned or slow never delays another's saving. The owner reports the parts' summed progress while they
/// go, and makes the run's outcome from their results. A cancel (asked, or the Worker stopping) is passed
/// on to every part; a part that does not end in time is recorded as failed, never waited for for ever.
/// </summary>
public sealed partial class CollectProcessCryptosPipeline(
    VenueCollector collector,
    PartQueue parts,
    IOptionsMonitor<VenueOptions> venueOptions,
    JobStore runs,
    IOptions<EtlOptions> options,
    IOptions<JobsOptions> jobs,
    TimeProvider time,
    WorkerTelemetry telemetry,
    ILogger<CollectProcessCryptosPipeline> logger)
{
    private static readonly TimeSpan ReadInterval = TimeSpan.FromMilliseconds(250);

    /// <summary>
    /// How long a canceled run waits for its parts to stop, so its record has their last counts: a part that
    /// missed the cancel message stops at its next renewal, a third of a lease later.
    /// </summary>
    private TimeSpan DrainTimeout => jobs.Value.LeaseTimeout / 3 + TimeSpan.FromSeconds(1);

    public async Task<RunOutcome> RunAsync(RunContext run, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity(run.Job.Name, ActivityKind.Internal, run.Parent);
        activity?.SetTag("cryptapp.run.id", run.RunId);
        activity?.SetTag("cryptapp.run.trigger", run.Trigger);

        var venues = VenueCatalog.All.Select(v => new VenueRun(v, venueOptions.Get(v.Id))).ToList();
        var enabled = venues.Where(v => v.Options.Enabled).Select(v => v.Venue.Id).ToList();
        var disabled = venues.Where(v => !v.Options.Enabled).Select(v => v.Venue).ToList();
        // Before the enabled venues: each of them announces new data when its part ends, and that announcement
        // must find the disabled venues' statuses already written.
        foreach (var venue in venues.Where(v => !v.Options.Enabled))
        {
            await Guarded("save exchange status", () => collector.SaveStatusAsync(venue));
        }

        IReadOnlyList<PartResult> results = [];
        if (enabled.Count > 0)
        {
            var queued = await Backoff.RetryAsync(
                () => parts.EnqueueAsync(run.RunId, WorkerIdentity.Owner, enabled, activity?.Id ?? Activity.Current?.Id),
                jobs.Value.FinishTimeout,
                time,
                reason => LogStepFailed("queue the venues' parts", reason));
            if (queued is not true)
            {
                return new RunOutcome(RunStatus.Failed,
                    queued is null ? "the venues' parts could not be queued: Redis unavailable" : "the run was no longer this Worker's when its venues were to be queued",
                    RunCounts.None);
            }

            results = await AwaitPartsAsync(run, enabled, disabled, cancellationToken);
        }

        await Guarded("trim run records", () => runs.TrimAsync(options.Value.RunHistoryLimit));

        var outcome = VenueRuns.Outcome(results, disabled, canceled: cancellationToken.IsCancellationRequested);
        activity?.SetTag("cryptapp.run.status", outcome.Status.ToString());
        activity?.SetTag("cryptapp.symbols.total", outcome.Counts.SymbolsTotal);
        activity?.SetTag("cryptapp.symbols.failed", outcome.Counts.SymbolsFailed);
        if (outcome.Status is RunStatus.Failed)
        {
            activity?.SetStatus(ActivityStatusCode.Error, outcome.Reason);
        }

        LogRunFinished(run.RunId, outcome.Status, outcome.Counts.SymbolsSucceeded, outcome.Counts.SymbolsTotal, outcome.Counts.SymbolsFailed,
            outcome.Counts.EntriesAccepted, outcome.Counts.EntriesRejected);
        return outcome;
    }

    /// <summary>
    /// Reads the parts until every one has ended, reporting their summed progress. Bounded: each attempt of
    /// a part has the venue's deadline plus a lease or two to be taken again; past that, what is unfinished
    /// is recorded as failed. On a cancel the parts are told, and given a moment to report how far they got.
    /// </summary>
    private async Task<IReadOnlyList<PartResult>> AwaitPartsAsync(
        RunContext run, IReadOnlyList<string> venues, IReadOnlyList<VenueDefinition> disabled, CancellationToken cancellationToken)
    {
        var lease = jobs.Value.LeaseTimeout;
        var giveUpAt = time.GetUtcNow() + (options.Value.VenueTimeout + lease * 2 + jobs.Value.PartClaimGrace) * jobs.Value.MaxAttempts;
        IReadOnlyList<PartState?> states = venues.Select(_ => (PartState?)null).ToList();
        var unfinished = "not finished by any Worker in time";
        DateTimeOffset? drainUntil = null;
        while (true)
        {
            states = await ReadAsync(run.RunId, venues, states);
            var settled = Settle(venues, states, unfinished);
            if (states.All(s => s is null || s.Status.IsFinal()))
            {
                // Parts called off because the wait ran out did not finish in time: that is what the run records.
                return drainUntil is not null && !cancellationToken.IsCancellationRequested
                    ? settled.Select(p => p.Status is RunStatus.Canceled ? VenueRuns.AsFailed(p, unfinished) : p).ToList()
                    : settled;
            }

            if (drainUntil is null && (cancellationToken.IsCancellationRequested || time.GetUtcNow() > giveUpAt))
            {
                unfinished = cancellationToken.IsCancellationRequested ? "still running when the run was canceled" : unfinished;
                drainUntil = time.GetUtcNow() + DrainTimeout;
                await Guarded("cancel the run's parts", () => parts.CancelAsync(run.RunId, unfinished));
            }
            else if (drainUntil is { } until && time.GetUtcNow() > until)
            {
                LogPartsAbandoned(run.RunId, string.Join(", ", venues.Where((_, i) => states[i] is { } s && !s.Status.IsFinal())));
                return settled;
            }

            await run.ReportAsync(VenueRuns.Counts(venues.Select((v, i) => states[i]?.Result ?? Waiting(v, states[i])).ToList(), disabled));
            await Task.Delay(ReadInterval, time, CancellationToken.None);
        }
    }

    /// <summary>The parts' states, or the last ones read while Redis is away.</summary>
    private async Task<IReadOnlyList<PartState?>> ReadAsync(string runId, IReadOnlyList<string> venues, IReadOnlyList<PartState?> last)
    {
        try
        {
            return await parts.ReadAsync(runId, venues);
        }
        catch (Exception ex) when (Backoff.IsTransient(ex))
        {
            LogReadFailed(runId, ex.Message);
            return last.Select(s => s ?? new PartState("", RunStatus.Queued, null, 1, null, null, null)).ToList();
        }
    }

    private static IReadOnlyList<PartResult> Settle(IReadOnlyList<string> venues, IReadOnlyList<PartState?> states, string unfinished) =>
        venues.Select((v, i) => VenueRuns.Settle(v, states[i], unfinished)).ToList();

    /// <summary>A part not started yet, as the run's progress lists it.</summary>
    private static PartResult Waiting(string venue, PartState? state) =>
        new(RunStatus.Queued, null, RunCounts.None, new VenueOutcome(venue, (state?.Status ?? RunStatus.Queued).ToString(), 0, 0, 0, [], state?.Owner, state?.Attempt ?? 1));

    private async Task Guarded(string step, Func<Task> action)
    {
        try
        {
            await action();
        }
        catch (Exception ex)
        {
            LogStepFailed(step, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run step '{Step}' failed: {Reason}")]
    private partial void LogStepFailed(string step, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: venue parts not read, Redis unavailable: {Reason}")]
    private partial void LogReadFailed(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: parts {Venues} did not end in time; recorded as they stand")]
    private partial void LogPartsAbandoned(string runId, string venues);

    [LoggerMessage(Level = LogLevel.Information,
        Message = "Run {RunId} {Status}: {Succeeded}/{Total} symbols collected ({Failed} failed), {Accepted} entries accepted, {Rejected} rejected")]
    private partial void LogRunFinished(string runId, RunStatus status, int succeeded, int total, int failed, int accepted, int rejected);
}
