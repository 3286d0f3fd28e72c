using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Jobs;
using Microsoft.Extensions.Options;
using Quartz;
using StackExchange.Redis;

namespace CryptApp.Worker.Queue;

/// <summary>
/// Takes run requests from the Redis queue, one at a time, and runs each through Quartz. While the
/// job runs it renews the request's lease; if this process dies the lease lapses and another Worker
/// takes the request again (at least once). A request whose run already ended is acknowledged and
/// skipped, so a run completes once.
/// </summary>
public sealed partial class QueueConsumer(
    JobQueue queue,
    RunStore runs,
    RunRegistry registry,
    ISchedulerFactory schedulers,
    IConnectionMultiplexer redis,
    IOptions<JobsOptions> options,
    ILogger<QueueConsumer> logger) : BackgroundService
{
    public static readonly string Owner = $"{Environment.MachineName}:{Environment.ProcessId}";
    private static readonly TimeSpan RequeueEvery = TimeSpan.FromSeconds(1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var cancels = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(JobQueue.CancelChannel));
        cancels.OnMessage(message => registry.Cancel(message.Message.ToString()));

        var lastRequeue = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                if (DateTimeOffset.UtcNow - lastRequeue > RequeueEvery)
                {
                    lastRequeue = DateTimeOffset.UtcNow;
                    if (await queue.RequeueExpiredAsync() is > 0 and var requeued)
                    {
                        LogRequeued(requeued);
                    }
                }

                if (await queue.TakeAsync(Owner, options.Value.LeaseTimeout) is { } taken)
                {
                    await ProcessAsync(taken.Run, taken.Message, stoppingToken);
                    continue;
                }

                await Task.Delay(options.Value.PollInterval, stoppingToken);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                LogQueueError(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), stoppingToken);
            }
        }

        await cancels.UnsubscribeAsync();
    }

    private async Task ProcessAsync(QueuedRun request, string message, CancellationToken stoppingToken)
    {
        if (await runs.GetAsync(request.RunId) is not { IsFinal: false })
        {
            // Done (or canceled while queued) before this delivery: acknowledge and move on.
            await queue.AckAsync(message, request.RunId);
            return;
        }

        var completion = registry.Completion(request.RunId);
        var scheduler = await schedulers.GetScheduler(stoppingToken);
        await scheduler.TriggerJob(new JobKey(request.Job), new JobDataMap
        {
            [JobData.RunId] = request.RunId,
            [JobData.Trigger] = RunTriggers.Manual,
            [JobData.TraceParent] = request.TraceParent ?? string.Empty,
        }, stoppingToken);
        LogTaken(request.RunId, request.Job);

        var lease = options.Value.LeaseTimeout;
        while (!completion.IsCompleted)
        {
            await Task.WhenAny(completion, Task.Delay(lease / 3, stoppingToken));
            if (!completion.IsCompleted)
            {
                await queue.RenewAsync(request.RunId, Owner, lease);
            }
        }

        await queue.AckAsync(message, request.RunId);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Took run {RunId} of {Job} from the queue")]
    private partial void LogTaken(string runId, string job);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Requeued {Count} run requests whose Worker stopped renewing its lease")]
    private partial void LogRequeued(int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Job queue unavailable: {Reason}")]
    private partial void LogQueueError(string reason);
}
