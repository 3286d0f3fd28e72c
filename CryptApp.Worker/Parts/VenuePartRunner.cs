using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Jobs;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Parts;

/// <summary>
/// Runs one venue part this Worker took: the venue's collection under the part's lease (renewed until its
/// result is written; its run called off, or the lease lost, stops it), its progress written into the part
/// for the run's owner to read, in the run's trace. It ends with its result recorded whatever happens,
/// retried through a Redis outage; when this Worker is stopping, the part is handed back instead, so
/// another replica collects the venue and the run goes on.
/// </summary>
public sealed partial class VenuePartRunner(
    VenueCollector collector,
    PartQueue parts,
    RunRegistry registry,
    IHostApplicationLifetime lifetime,
    IOptionsMonitor<VenueOptions> venueOptions,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<VenuePartRunner> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromMilliseconds(250);

    public async Task RunAsync(TakenPart part, CancellationToken stopping)
    {
        var owner = WorkerIdentity.Owner;
        if (VenueCatalog.Find(part.Venue) is not { } info)
        {
            // A replica of another version queued a venue this one does not know: fail it, visibly.
            await FinishAsync(part, new PartResult(RunStatus.Failed, $"unknown venue '{part.Venue}'", RunCounts.None,
                new VenueOutcome(part.Venue, nameof(RunStatus.Failed), 0, 0, 0, [new RunError("*", "unknown venue")], owner, part.Attempt)), stopping);
            return;
        }

        var venue = new VenueRun(info, venueOptions.Get(info.Id));
        var parent = ActivityContext.TryParse(part.TraceParent, null, out var trace) ? trace : default;
        LogStarted(part.Id, part.Attempt);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, registry.Register(part.Id));
        using var heartbeatStop = new CancellationTokenSource();
        using var reporterStop = new CancellationTokenSource();
        var heartbeat = LeaseHeartbeat.RunAsync(
            () => parts.RenewAsync(part.Id, owner, options.Value.LeaseTimeout),
            options.Value.LeaseTimeout,
            time,
            result => registry.Cancel(part.Id, result is RenewResult.Lost ? JobQueue.WorkerLost : "the run was called off"),
            reason => LogRenewFailed(part.Id, reason),
            heartbeatStop.Token);
        var reporter = ReportAsync(part, venue, reporterStop.Token);
        try
        {
            await collector.CollectAsync(part.RunId, venue, parent, linked.Token);
        }
        finally
        {
            try
            {
                await reporterStop.CancelAsync();
                await reporter;
                // The lease is kept until the result is written: a part whose result is late is not collected twice.
                // Stopping starts with ApplicationStopping, which cancels every part here before the consumer's own token.
                if (venue.Canceled && lifetime.ApplicationStopping.IsCancellationRequested)
                {
                    await ReleaseAsync(part);
                }
                else
                {
                    await FinishAsync(part, venue.Result(final: true, owner, part.Attempt, registry.ReasonOf(part.Id)), stopping);
                }
            }
            finally
            {
                await heartbeatStop.CancelAsync();
                await heartbeat;
                // Out of the registry even if the result could not be written: only then may a replica settle the part.
                registry.Complete(part.Id);
            }
        }
    }

    private async Task FinishAsync(TakenPart part, PartResult result, CancellationToken stopping)
    {
        var recorded = await Backoff.RetryAsync(
            () => parts.FinishAsync(part.Id, WorkerIdentity.Owner, result),
            stopping.IsCancellationRequested ? RunGate.ShutdownFinishTimeout : options.Value.FinishTimeout,
            time,
            reason => LogFinishRetry(part.Id, reason));
        LogFinished(part.Id, result.Status, result.Reason ?? "", recorded);
    }

    /// <summary>This Worker is stopping: the venue goes back to the queue for a replica that stays (its lease lapses if Redis is away).</summary>
    private async Task ReleaseAsync(TakenPart part)
    {
        var released = await Backoff.RetryAsync(
            async () => await parts.ReleaseAsync(part.Id, WorkerIdentity.Owner, RunGate.ShuttingDown) switch
            {
                true => 1,
                false => 2,
                null => 0,
            },
            RunGate.ShutdownFinishTimeout,
            time,
            reason => LogFinishRetry(part.Id, reason));
        LogReleased(part.Id, released switch
        {
            1 => "queued again for another Worker",
            2 => "canceled: its run no longer goes on",
            0 => "no longer this Worker's",
            _ => "not recorded (Redis away); its lease lapses",
        });
    }

    private async Task ReportAsync(TakenPart part, VenueRun venue, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(ProgressInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    await parts.ReportAsync(part.Id, WorkerIdentity.Owner, venue.Result(final: false, WorkerIdentity.Owner, part.Attempt));
                }
                catch (Exception ex) when (Backoff.IsTransient(ex))
                {
                    LogRenewFailed(part.Id, ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The part is over; its result follows.
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Venue part {PartId} started (attempt {Attempt})")]
    private partial void LogStarted(string partId, int attempt);

    [LoggerMessage(Level = LogLevel.Information, Message = "Venue part {PartId} ended {Status} {Reason} (recorded: {Recorded})")]
    private partial void LogFinished(string partId, RunStatus status, string reason, bool? recorded);

    [LoggerMessage(Level = LogLevel.Information, Message = "Venue part {PartId} handed back as this Worker stops: {Outcome}")]
    private partial void LogReleased(string partId, string outcome);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Venue part {PartId}: result not recorded yet, retrying: {Reason}")]
    private partial void LogFinishRetry(string partId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Venue part {PartId}: lease or progress not written: {Reason}")]
    private partial void LogRenewFailed(string partId, string reason);
}
