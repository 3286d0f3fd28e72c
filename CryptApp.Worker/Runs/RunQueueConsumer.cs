using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Jobs;
using Microsoft.Extensions.Options;
using Quartz;
using StackExchange.Redis;

namespace CryptApp.Worker.Runs;

/// <summary>
/// Takes run requests from the Redis queue, one at a time, and runs each through Quartz; every poll it
/// also settles runs whose Worker died (lease lapsed) and queues a retry of a lost requested run, so a
/// request completes even when the Worker that took it is killed. While Redis is unreachable it waits
/// with backoff and carries on when Redis returns.
/// </summary>
public sealed partial class RunQueueConsumer(
    JobQueue queue,
    JobStore store,
    RunRegistry registry,
    ISchedulerFactory schedulers,
    IConnectionMultiplexer redis,
    IOptions<JobsOptions> options,
    ILogger<RunQueueConsumer> logger) : BackgroundService
{
    private bool _subscribed;

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        RedisLoop.RunAsync(PassAsync, reason => LogQueueError(reason), stoppingToken);

    /// <summary>One poll: settle lost runs, then run the oldest request, or wait a poll interval when there is none.</summary>
    private async Task PassAsync(Backoff backoff, CancellationToken stoppingToken)
    {
        if (!_subscribed)
        {
            // Cancels also arrive through the heartbeat's flag; the channel just makes them prompt.
            await redis.GetSubscriber().SubscribeAsync(
                RedisChannel.Literal(RedisKeys.CancelChannel), (_, id) => registry.Cancel(id.ToString(), "canceled on request"));
            _subscribed = true;
        }

        await SettleLostAsync();
        var taken = await queue.TakeAsync(WorkerIdentity.Owner, options.Value.LeaseTimeout);
        backoff.Reset();
        switch (taken?.Outcome)
        {
            case TakeOutcome.Run:
                await ProcessAsync(taken.Run!, stoppingToken);
                return;
            case TakeOutcome.DeadLettered:
                LogDeadLettered(taken.Detail!);
                return;
            case TakeOutcome.Skipped:
                return;
        }

        await Task.Delay(options.Value.PollInterval, stoppingToken);
    }

    private async Task SettleLostAsync()
    {
        foreach (var id in await queue.SettleLostAsync(registry.Executing))
        {
            var lost = await store.GetAsync(id);
            LogSettled(id, lost?.Job ?? "?", lost?.Reason ?? JobQueue.WorkerLost);
            if (lost is { Trigger: RunTriggers.Manual } && lost.Attempt < options.Value.MaxAttempts)
            {
                var (retry, created) = await queue.EnqueueAsync(lost.Job, RunTriggers.Manual, null, lost.Attempt + 1, lost.Id);
                LogRetry(id, retry, created);
            }
        }
    }

    private async Task ProcessAsync(QueuedRun request, CancellationToken stoppingToken)
    {
        var completion = registry.Completion(request.RunId);
        LogTaken(request.RunId, request.Job);
        try
        {
            var scheduler = await schedulers.GetScheduler(stoppingToken);
            await scheduler.TriggerJob(new JobKey(request.Job), new JobDataMap
            {
                [JobData.RunId] = request.RunId,
                [JobData.Trigger] = RunTriggers.Manual,
                [JobData.TraceParent] = request.TraceParent ?? string.Empty,
            }, stoppingToken);
        }
        catch (Exception ex) when (ex is SchedulerException or OperationCanceledException)
        {
            // Never run: record why, so the job is free again at once instead of after the lease.
            registry.Complete(request.RunId);
            await queue.FinishAsync(request.RunId, request.Job, WorkerIdentity.Owner, RunStatus.Failed,
                $"could not start: {ex.Message}", RunCounts.None);
            return;
        }

        await completion.WaitAsync(stoppingToken);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took run {RunId} of {Job} from the queue")]
    private partial void LogTaken(string runId, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Settled run {RunId} of {Job}: {Reason}")]
    private partial void LogSettled(string runId, string job, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Lost run {RunId} is retried as run {RetryId} (new: {Created})")]
    private partial void LogRetry(string runId, string retryId, bool created);

    [LoggerMessage(Level = LogLevel.Error, Message = "Undecodable run request moved to the dead-letter list: {Message}")]
    private partial void LogDeadLettered(string message);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job queue unavailable, retrying with backoff: {Reason}")]
    private partial void LogQueueError(string reason);
}
