using System.Diagnostics;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Queue;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>
/// What every job does around its work: a scheduled firing takes its slot (once across replicas) and
/// the job's active marker (not while a requested run is queued or running); a queued run brings its
/// id and trace; cancel requests reach the work; the consumer learns when it is done.
/// </summary>
public sealed partial class RunGate(JobQueue queue, RunRegistry registry, JobCatalog catalog, ILogger<RunGate> logger)
{
    public async ValueTask RunAsync(
        IJobExecutionContext context, string job, string schedule,
        Func<string, string, ActivityContext, CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var data = context.MergedJobDataMap;
        var queued = data.TryGetString(JobData.RunId, out var runId) && !string.IsNullOrEmpty(runId);
        if (!queued)
        {
            await catalog.PublishAsync(job, context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.NextFireTimeUtc);
            var slot = JobScheduling.SlotOf(schedule, context.ScheduledFireTimeUtc ?? context.FireTimeUtc);
            runId = Guid.CreateVersion7().ToString("N");
            if (!await queue.TryTakeSlotAsync(job, slot, JobScheduling.SlotHold(schedule)))
            {
                LogSlotTaken(job, slot);
                return;
            }

            if (!await queue.TryClaimAsync(job, runId))
            {
                LogAlreadyActive(job);
                return;
            }
        }

        var parent = data.TryGetString(JobData.TraceParent, out var traceParent)
                     && ActivityContext.TryParse(traceParent, null, out var parsed) ? parsed : default;
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, registry.Register(runId!));
        try
        {
            await work(runId!, queued ? RunTriggers.Manual : RunTriggers.Schedule, parent, linked.Token);
        }
        finally
        {
            await queue.ReleaseAsync(job, runId!);
            registry.Complete(runId!);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "{Job} slot {Slot} is run by another replica")]
    private partial void LogSlotTaken(string job, DateTimeOffset slot);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} skips its slot: a requested run is queued or running")]
    private partial void LogAlreadyActive(string job);
}
