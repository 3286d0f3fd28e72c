using System.Globalization;
using System.Text.Json;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// The broker between whoever asks for a run and the Worker replicas, and the run state machine's
/// transitions (see <see cref="RunScripts"/>): a Redis list as queue, so it also runs on servers without
/// Streams; a run taken or started is <c>Running</c> under a lease its Worker renews; a run whose lease
/// lapses is settled <c>Failed</c> by any replica. One active run per job, owned by that run.
/// </summary>
public sealed class JobQueue(IConnectionMultiplexer redis, TimeProvider time)
{
    public const string WorkerLost = "worker lost";

    private IDatabase Db => redis.GetDatabase();

    private long Now => time.GetUtcNow().ToUnixTimeMilliseconds();

    /// <summary>
    /// Queues a run of <paramref name="job"/> in one atomic step (record, index, message, marker), or
    /// returns the run already queued or running (<c>Created</c> false) so a double click runs the job once.
    /// </summary>
    public async Task<(string RunId, bool Created)> EnqueueAsync(
        string job, string trigger, string? traceParent, int attempt = 1, string? retryOf = null)
    {
        var id = NewRunId();
        var message = new QueuedRun(id, job, traceParent).Encode();
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            RunScripts.Enqueue,
            [RedisKeys.Run(id), RedisKeys.RunIndex, RedisKeys.Queue, RedisKeys.Transitions],
            [id, job, trigger, Now, message, traceParent ?? "", attempt, retryOf ?? ""]))!;
        return ((string)result[1]!, (int)result[0] == 1);
    }

    /// <summary>
    /// Starts a run without the queue (a scheduled slot, a start-up run) owned by <paramref name="owner"/>,
    /// unless the job has an active run, or (with <paramref name="staleBefore"/>) its last success is newer.
    /// </summary>
    public async Task<StartResult> TryStartAsync(string runId, string job, string trigger, string owner, TimeSpan lease, DateTimeOffset? staleBefore = null)
    {
        var result = (string)(await Db.ScriptEvaluateAsync(
            RunScripts.Start,
            [RedisKeys.Run(runId), RedisKeys.RunIndex, RedisKeys.RunningRuns, RedisKeys.LastSuccess(job), RedisKeys.Transitions],
            [runId, job, trigger, Now, owner, (long)lease.TotalMilliseconds, staleBefore?.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture) ?? ""]))!;
        return result switch
        {
            "started" => StartResult.Started,
            "fresh" => StartResult.Fresh,
            _ => StartResult.Busy,
        };
    }

    /// <summary>Takes the oldest request, if any, and makes its run <c>Running</c> under <paramref name="owner"/>'s lease.</summary>
    public async Task<Taken?> TakeAsync(string owner, TimeSpan lease)
    {
        var result = await Db.ScriptEvaluateAsync(
            RunScripts.Take, [RedisKeys.Queue, RedisKeys.DeadLetters, RedisKeys.RunningRuns, RedisKeys.Transitions], [owner, (long)lease.TotalMilliseconds, Now]);
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        return (string)parts[0]! switch
        {
            "run" => new Taken(TakeOutcome.Run, new QueuedRun((string)parts[1]!, (string)parts[2]!, NullIfEmpty((string?)parts[3])), null),
            "skip" => new Taken(TakeOutcome.Skipped, null, (string)parts[1]!),
            _ => new Taken(TakeOutcome.DeadLettered, null, (string)parts[1]!),
        };
    }

    /// <summary>The owner's heartbeat: extends its lease, and says whether it still owns the run and whether a cancel was asked.</summary>
    public async Task<RenewResult> RenewAsync(string runId, string owner, TimeSpan lease) =>
        RenewResultOf((int)await Db.ScriptEvaluateAsync(
            RunScripts.Renew, [RedisKeys.Run(runId), RedisKeys.Lease(runId)], [owner, (long)lease.TotalMilliseconds, Now]));

    /// <summary>A renew script's answer (runs' and venue parts' alike): 1 renewed, 2 renewed but asked to stop, anything else lost.</summary>
    internal static RenewResult RenewResultOf(int answer) => answer switch
    {
        1 => RenewResult.Renewed,
        2 => RenewResult.CancelRequested,
        _ => RenewResult.Lost,
    };

    /// <summary>Writes progress of a running run; false when the run is no longer this owner's.</summary>
    public async Task<bool> ReportAsync(string runId, string owner, RunCounts counts) =>
        (int)await Db.ScriptEvaluateAsync(
            RunScripts.Progress, [RedisKeys.Run(runId)], [owner, Serialize(counts)]) == 1;

    /// <summary>Ends a running run in a final state with its reason; false when another replica settled it first.</summary>
    public async Task<bool> FinishAsync(string runId, string job, string owner, RunStatus status, string? reason, RunCounts counts)
    {
        if (!status.IsFinal())
        {
            throw new ArgumentOutOfRangeException(nameof(status), status, "a run finishes in a final state");
        }

        return (int)await Db.ScriptEvaluateAsync(
            RunScripts.Finish,
            [RedisKeys.Run(runId), RedisKeys.Lease(runId), RedisKeys.RunningRuns, RedisKeys.LastSuccess(job), RedisKeys.Transitions],
            [runId, owner, status.ToString(), Now, reason ?? "", Serialize(counts)]) == 1;
    }

    /// <summary>
    /// Asks a run to stop: a queued one is canceled at once (and can no longer be taken), a running one
    /// is flagged for its Worker and told on the cancel channel. Returns the status after the call, or null.
    /// </summary>
    public async Task<RunStatus?> CancelAsync(string runId, string reason = "canceled on request")
    {
        var result = await Db.ScriptEvaluateAsync(RunScripts.Cancel, [RedisKeys.Run(runId), RedisKeys.Queue, RedisKeys.Transitions], [runId, Now, reason]);
        if (result.IsNull)
        {
            return null;
        }

        var status = Enum.Parse<RunStatus>((string)result!);
        if (status == RunStatus.Running)
        {
            await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.CancelChannel), runId);
        }

        return status;
    }

    /// <summary>
    /// Settles every running run whose Worker stopped renewing its lease: <c>Failed</c>, reason <c>worker lost</c>.
    /// The runs the caller is executing are left alone: their heartbeat restores a lease lost with Redis's data.
    /// </summary>
    public async Task<IReadOnlyList<string>> SettleLostAsync(IEnumerable<string> executing)
    {
        RedisValue[] args = [Now, WorkerLost, .. executing.Select(id => (RedisValue)id)];
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(RunScripts.SettleLost, [RedisKeys.RunningRuns, RedisKeys.Transitions], args))!;
        return result.Select(r => (string)r!).ToList();
    }

    public static string NewRunId() => Guid.CreateVersion7().ToString("N");

    private static byte[] Serialize(RunCounts counts) => JsonSerializer.SerializeToUtf8Bytes(counts, StorageJsonContext.Default.RunCounts);

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}

public enum StartResult
{
    Started,
    Busy,
    Fresh,
}

public enum RenewResult
{
    Renewed,
    CancelRequested,
    Lost,
}

public enum TakeOutcome
{
    Run,
    Skipped,
    DeadLettered,
}

/// <summary>What a take found: a run to execute, a message whose run was no longer queued, or an undecodable one.</summary>
public sealed record Taken(TakeOutcome Outcome, QueuedRun? Run, string? Detail);
