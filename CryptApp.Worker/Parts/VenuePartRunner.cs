using CryptApp.Contracts.Jobs;
using CryptApp.Core.Exchanges.Venues;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Jobs;
using CryptApp.Worker.Queue;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Parts;

/// <summary>
/// Runs one venue part this Worker took: the venue's collection under the part's lease (renewed while it
/// goes; a cancel of its run, or the lease lost, stops it), its progress written into the part for the
/// run's owner to read, and its result recorded whatever happens, retried through a Redis outage.
/// </summary>
public sealed partial class VenuePartRunner(
    VenueCollector collector,
    PartQueue parts,
    RunRegistry registry,
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
        LogStarted(part.Id, part.Attempt);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(stopping, registry.Register(part.Id));
        using var background = new CancellationTokenSource();
        var heartbeat = LeaseHeartbeat.RunAsync(
            () => parts.RenewAsync(part.Id, owner, options.Value.LeaseTimeout),
            options.Value.LeaseTimeout,
            time,
            result => registry.Cancel(part.Id, result is RenewResult.Lost ? JobQueue.WorkerLost : "the run was canceled or has ended"),
            reason => LogRenewFailed(part.Id, reason),
            background.Token);
        var reporter = ReportAsync(part, venue, background.Token);
        try
        {
            await collector.CollectAsync(part.RunId, venue, linked.Token);
        }
        finally
        {
            try
            {
                await background.CancelAsync();
                await Task.WhenAll(heartbeat, reporter);
                await FinishAsync(part, venue.Result(final: true, owner, part.Attempt, registry.ReasonOf(part.Id)), stopping);
            }
            finally
            {
                // Out of the registry even if the result could not be written: only then may a replica settle the part.
                registry.Complete(part.Id);
            }
        }
    }

    private async Task FinishAsync(TakenPart part, PartResult result, CancellationToken stopping)
    {
        var recorded = await LeaseHeartbeat.WriteFinalAsync(
            () => parts.FinishAsync(part.Id, WorkerIdentity.Owner, result),
            stopping.IsCancellationRequested ? RunGate.ShutdownFinishTimeout : options.Value.FinishTimeout,
            time,
            reason => LogFinishRetry(part.Id, reason));
        LogFinished(part.Id, result.Status, result.Reason ?? "", recorded);
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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Venue part {PartId}: result not recorded yet, retrying: {Reason}")]
    private partial void LogFinishRetry(string partId, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Venue part {PartId}: lease or progress not written: {Reason}")]
    private partial void LogRenewFailed(string partId, string reason);
}
