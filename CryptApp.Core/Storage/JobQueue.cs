using CryptApp.Core.Jobs;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// The broker between whoever asks for a run and the Worker replicas: Redis lists in the reliable-queue
/// pattern (as Celery's Redis transport), so it also runs on servers without Streams. A taken request
/// moves atomically to a processing list under a lease; a Worker that dies stops renewing its lease and
/// the request goes back to the queue for another. One active run per job at a time.
/// </summary>
public sealed class JobQueue(IConnectionMultiplexer redis, RunStore runs, TimeProvider time)
{
    public const string Queue = "cryptapp:queue:runs";
    public const string Processing = "cryptapp:queue:runs:processing";
    public const string LeasePrefix = "cryptapp:queue:lease:";
    public const string CancelChannel = "cryptapp:events:cancel-run";

    private static string ActiveKey(string job) => $"cryptapp:queue:active:{job}";

    private const string TakeScript = """
        local message = redis.call('LMOVE', KEYS[1], KEYS[2], 'RIGHT', 'LEFT')
        if message then
          local id = string.match(message, '^([^|]+)')
          redis.call('SET', ARGV[1] .. id, ARGV[2], 'PX', ARGV[3])
        end
        return message
        """;

    private const string RequeueScript = """
        local items = redis.call('LRANGE', KEYS[1], 0, -1)
        local moved = 0
        for _, message in ipairs(items) do
          local id = string.match(message, '^([^|]+)')
          if redis.call('EXISTS', ARGV[1] .. id) == 0 then
            redis.call('LREM', KEYS[1], 1, message)
            redis.call('RPUSH', KEYS[2], message)
            moved = moved + 1
          end
        end
        return moved
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Queues a run of <paramref name="job"/>, or returns the one already queued or running
    /// (<c>Created</c> false) so a double click does not run the job twice.
    /// </summary>
    public async Task<(RunRecord Run, bool Created)> EnqueueAsync(string job, string trigger, string? traceParent)
    {
        for (var attempt = 0; attempt < 3; attempt++)
        {
            var id = Guid.CreateVersion7().ToString("N");
            if (await Db.StringSetAsync(ActiveKey(job), id, TimeSpan.FromHours(6), When.NotExists))
            {
                var run = new RunRecord(id, job, trigger, RunStatus.Queued, null, null, 0, 0, 0, 0, 0, 0, []);
                await runs.SaveAsync(run);
                await Db.ListLeftPushAsync(Queue, new QueuedRun(id, job, traceParent).Encode());
                return (run, true);
            }

            var activeId = await Db.StringGetAsync(ActiveKey(job));
            if (!activeId.IsNull && await runs.GetAsync(activeId!) is { IsFinal: false } active)
            {
                return (active, false);
            }

            // The marker outlived its run (a crash between the end and the release): clear it, try again.
            await Db.KeyDeleteAsync(ActiveKey(job));
        }

        throw new InvalidOperationException($"Could not queue a run of {job}: the active-run marker keeps changing.");
    }

    /// <summary>Claims the job for a scheduled run unless a run of it is already queued or running.</summary>
    public Task<bool> TryClaimAsync(string job, string runId) =>
        Db.StringSetAsync(ActiveKey(job), runId, TimeSpan.FromHours(6), When.NotExists);

    public async Task ReleaseAsync(string job, string runId)
    {
        var transaction = Db.CreateTransaction();
        transaction.AddCondition(Condition.StringEqual(ActiveKey(job), runId));
        _ = transaction.KeyDeleteAsync(ActiveKey(job));
        await transaction.ExecuteAsync();
    }

    /// <summary>Takes the oldest request, if any, under a lease held by <paramref name="owner"/>.</summary>
    public async Task<(QueuedRun Run, string Message)?> TakeAsync(string owner, TimeSpan lease)
    {
        var result = await Db.ScriptEvaluateAsync(
            TakeScript, [Queue, Processing], [LeasePrefix, owner, (long)lease.TotalMilliseconds]);
        var message = result.IsNull ? null : (string?)result;
        return QueuedRun.Decode(message) is { } run ? (run, message!) : null;
    }

    public Task RenewAsync(string runId, string owner, TimeSpan lease) =>
        Db.StringSetAsync(LeasePrefix + runId, owner, lease);

    /// <summary>Done with a request: it leaves the processing list and its lease is dropped.</summary>
    public async Task AckAsync(string message, string runId)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.ListRemoveAsync(Processing, message, 1);
        _ = transaction.KeyDeleteAsync(LeasePrefix + runId);
        await transaction.ExecuteAsync();
    }

    /// <summary>Puts requests whose lease expired (their Worker died) back at the head of the queue.</summary>
    public async Task<int> RequeueExpiredAsync() =>
        (int)await Db.ScriptEvaluateAsync(RequeueScript, [Processing, Queue], [LeasePrefix]);

    /// <summary>Asks for a run to stop: a queued one is canceled at once, a running one by its Worker.</summary>
    public async Task<RunRecord?> CancelAsync(string runId)
    {
        var run = await runs.GetAsync(runId);
        if (run is null || run.IsFinal)
        {
            return run;
        }

        if (run.Status == RunStatus.Queued)
        {
            var canceled = run with { Status = RunStatus.Canceled, FinishedAt = time.GetUtcNow() };
            await runs.SaveAsync(canceled);
            await ReleaseAsync(run.Job, run.Id);
            return canceled;
        }

        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(CancelChannel), runId);
        return run;
    }

    /// <summary>A Redis lock per job and scheduled fire time: with N replicas each slot runs once.</summary>
    public Task<bool> TryTakeSlotAsync(string job, DateTimeOffset scheduledFireTime, TimeSpan hold) =>
        Db.StringSetAsync($"cryptapp:slot:{job}:{scheduledFireTime.ToUnixTimeMilliseconds()}", "taken", hold, When.NotExists);
}
