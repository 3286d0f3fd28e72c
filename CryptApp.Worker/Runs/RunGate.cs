using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Jobs;
using Microsoft.Extensions.Options;
using Quartz;

namespace CryptApp.Worker.Runs;

/// <summary>
/// What every job does around its work. A firing becomes a <c>Running</c> run under this Worker's lease:
/// a queued run was made so by the consumer's take; a scheduled firing takes its slot (once across
/// replicas) and starts a run unless one is active; a start-up firing starts one only when the last
/// success is older than the job's period. While the work goes, a heartbeat renews the lease and picks
/// up cancel requests. Whatever the work does — returns, throws, is canceled — the run ends in a final
/// state with its reason, and telemetry records it.
/// </summary>
public sealed partial class RunGate(
    JobQueue queue,
    SlotLocks slots,
    RunRegistry registry,
    JobSchedules schedules,
    WorkerTelemetry telemetry,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<RunGate> logger)
{
    /// <summary>The reason recorded for runs canceled because the Worker is stopping.</summary>
    public const string ShuttingDown = "worker shutting down";

    internal static readonly TimeSpan ShutdownFinishTimeout = TimeSpan.FromSeconds(5);

    public async ValueTask RunAsync(
        IJobExecutionContext context, JobDefinition job, Func<RunContext, CancellationToken, Task<RunOutcome>> work, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var trigger = data.TryGetString(JobData.Trigger, out var given) && !string.IsNullOrEmpty(given) ? given : RunTriggers.Schedule;
        if (!data.TryGetString(JobData.RunId, out var runId) || string.IsNullOrEmpty(runId))
        {
            runId = JobQueue.NewRunId();
            if (!await TryStartAsync(context, job, runId, trigger))
            {
                return;
            }
        }

        var parent = data.TryGetString(JobData.TraceParent, out var traceParent)
                     && ActivityContext.TryParse(traceParent, null, out var parsed) ? parsed : default;
        var run = new RunContext(runId, job, trigger, parent, counts => ReportAsync(runId, counts));
        var started = time.GetUtcNow();
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, registry.Register(runId));
        using var heartbeatStop = new CancellationTokenSource();
        var heartbeat = HeartbeatAsync(runId, heartbeatStop.Token);
        try
        {
            var outcome = await ExecuteAsync(run, work, linked.Token, cancellationToken);
            await FinishAsync(run, outcome, cancellationToken);
            telemetry.RunFinished(job.Name, outcome.Status, time.GetUtcNow() - started, outcome.Counts);
        }
        finally
        {
            await heartbeatStop.CancelAsync();
            await heartbeat;
            registry.Complete(runId);
        }
    }

    private async Task<bool> TryStartAsync(IJobExecutionContext context, JobDefinition job, string runId, string trigger)
    {
        var lease = options.Value.LeaseTimeout;
        try
        {
            DateTimeOffset? staleBefore = null;
            if (trigger == RunTriggers.Startup)
            {
                var period = schedules.PeriodOf(job);
                staleBefore = period == TimeSpan.MaxValue ? DateTimeOffset.MinValue : time.GetUtcNow() - period;
            }
            else
            {
                await schedules.PublishAsync(job, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.NextFireTimeUtc);
                var schedule = schedules.ScheduleOf(job);
                var slot = JobScheduling.SlotOf(schedule, context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
                if (!await slots.TryTakeAsync(job.Name, slot, JobScheduling.SlotHold(schedule)))
                {
                    LogSlotTaken(job.Name, slot);
                    return false;
                }
            }

            var result = await queue.TryStartAsync(runId, job.Name, trigger, WorkerIdentity.Owner, lease, staleBefore);
            if (result != StartResult.Started)
            {
                LogNotStarted(job.Name, trigger, result);
            }

            return result == StartResult.Started;
        }
        catch (Exception ex) when (Backoff.IsTransient(ex))
        {
            LogCouldNotStart(job.Name, trigger, ex.Message);
            return false;
        }
    }

    private async Task<RunOutcome> ExecuteAsync(
        RunContext run, Func<RunContext, CancellationToken, Task<RunOutcome>> work, CancellationToken token, CancellationToken stopping)
    {
        try
        {
            var outcome = await work(run, token);
            return outcome.Status == RunStatus.Canceled ? outcome with { Reason = CancelReason(run.RunId, stopping) } : outcome;
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            return new RunOutcome(RunStatus.Canceled, CancelReason(run.RunId, stopping), run.Counts);
        }
        catch (Exception ex)
        {
            LogWorkFailed(ex, run.Job.Name, run.RunId);
            return new RunOutcome(RunStatus.Failed, $"{ex.GetType().Name}: {ex.Message}", run.Counts);
        }
    }

    private string CancelReason(string runId, CancellationToken stopping) =>
        registry.ReasonOf(runId) ?? (stopping.IsCancellationRequested ? ShuttingDown : "canceled");

    /// <summary>
    /// Records the final state, retrying through a Redis outage (the heartbeat keeps the lease meanwhile)
    /// for up to <c>Jobs:FinishTimeout</c>, or a few seconds once the Worker is stopping.
    /// </summary>
    private async Task FinishAsync(RunContext run, RunOutcome outcome, CancellationToken stopping)
    {
        var recorded = await Backoff.RetryAsync(
            () => queue.FinishAsync(run.RunId, run.Job.Name, WorkerIdentity.Owner, outcome.Status, outcome.Reason, outcome.Counts),
            stopping.IsCancellationRequested ? ShutdownFinishTimeout : options.Value.FinishTimeout,
            time,
            reason => LogFinishRetry(run.RunId, reason));
        switch (recorded)
        {
            case true:
                LogFinished(run.Job.Name, run.RunId, outcome.Status, outcome.Reason ?? "");
                break;
            case false:
                LogSettledElsewhere(run.RunId, outcome.Status);
                break;
            default:
                LogFinishAbandoned(run.RunId, outcome.Status);
                break;
        }
    }

    private async Task ReportAsync(string runId, RunCounts counts)
    {
        try
        {
            await queue.ReportAsync(runId, WorkerIdentity.Owner, counts);
        }
        catch (Exception ex) when (Backoff.IsTransient(ex))
        {
            LogReportFailed(runId, ex.Message);
        }
    }

    /// <summary>Renews the lease every third of it; a lost run or a cancel request cancels the work.</summary>
    private Task HeartbeatAsync(string runId, CancellationToken stop) =>
        LeaseHeartbeat.RunAsync(
            () => queue.RenewAsync(runId, WorkerIdentity.Owner, options.Value.LeaseTimeout),
            options.Value.LeaseTimeout,
            time,
            result =>
            {
                if (result is RenewResult.Lost)
                {
                    LogLost(runId);
                }

                registry.Cancel(runId, result is RenewResult.Lost ? JobQueue.WorkerLost : "canceled on request");
            },
            reason => LogHeartbeatFailed(runId, reason),
            stop);

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Job} slot {Slot} is run by another replica")]
    private partial void LogSlotTaken(string job, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} ({Trigger}) not started: {Result}")]
    private partial void LogNotStarted(string job, string trigger, StartResult result);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Job} ({Trigger}) could not start, Redis unavailable: {Reason}")]
    private partial void LogCouldNotStart(string job, string trigger, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "{Job} run {RunId} failed")]
    private partial void LogWorkFailed(Exception ex, string job, string runId);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} run {RunId} ended {Status} {Reason}")]
    private partial void LogFinished(string job, string runId, RunStatus status, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} was settled by another replica before it could record {Status}")]
    private partial void LogSettledElsewhere(string runId, RunStatus status);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: final state not recorded yet, retrying: {Reason}")]
    private partial void LogFinishRetry(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Run {RunId}: gave up recording {Status}; its lease lapses and a replica settles it")]
    private partial void LogFinishAbandoned(string runId, RunStatus status);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Run {RunId}: progress not recorded: {Reason}")]
    private partial void LogReportFailed(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId}: lease renewal failed: {Reason}")]
    private partial void LogHeartbeatFailed(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Run {RunId} is no longer this Worker's (settled elsewhere): stopping it")]
    private partial void LogLost(string runId);
}
