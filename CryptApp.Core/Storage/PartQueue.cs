using System.Globalization;
using System.Text.Json;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// Spreads one run's venues over the live Worker replicas: the run's owner queues a part per venue,
/// every Worker takes parts (its fair share first) and runs each under its own lease, reports progress
/// into it and ends it with its result, which the owner reads back to make the run's record. A part
/// whose Worker dies is queued again while its run still runs; see <see cref="PartScripts"/>.
/// </summary>
public sealed class PartQueue(IConnectionMultiplexer redis)
{
    /// <summary>Longest a part's record lives (a run never lasts that long); an ended part is kept <see cref="KeepAfterEnd"/>.</summary>
    private static readonly TimeSpan Lifetime = TimeSpan.FromDays(1);

    private static readonly TimeSpan KeepAfterEnd = TimeSpan.FromHours(1);

    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Queues a part per venue of <paramref name="owner"/>'s running run, each carrying the run's trace
    /// (<paramref name="traceParent"/>, W3C) so the venues' work joins it, and wakes idle Workers; false when
    /// the run is not the owner's.
    /// </summary>
    public async Task<bool> EnqueueAsync(string runId, string owner, IReadOnlyList<string> venues, string? traceParent = null)
    {
        RedisValue[] args = [runId, owner, (long)Lifetime.TotalMilliseconds, traceParent ?? "", .. venues.Select(v => (RedisValue)v)];
        var queued = (int)await Db.ScriptEvaluateAsync(PartScripts.Enqueue, [RedisKeys.Run(runId), RedisKeys.PartQueue, RedisKeys.Transitions], args);
        if (queued > 0)
        {
            try
            {
                await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.PartsQueuedChannel), runId);
            }
            catch (Exception ex) when (ex is RedisException or TimeoutException)
            {
                // Only a wake-up call: every Worker polls the queue anyway.
            }
        }

        return queued > 0;
    }

    /// <summary>
    /// Marks <paramref name="owner"/> live and, with <paramref name="room"/>, takes the oldest part it may
    /// (its fair share of a run's parts among the Workers seen within <paramref name="liveWindow"/>, or any
    /// part that waited <paramref name="claimGrace"/>), running under its lease.
    /// </summary>
    /// <remarks>A part in <paramref name="executing"/> is never taken: its runner here may still be finishing it after its lease lapsed.</remarks>
    public async Task<TakenPart?> TakeAsync(
        string owner, TimeSpan lease, TimeSpan liveWindow, TimeSpan claimGrace, int room, IEnumerable<string>? executing = null)
    {
        RedisValue[] args =
        [
            owner, (long)lease.TotalMilliseconds, (long)liveWindow.TotalMilliseconds, (long)claimGrace.TotalMilliseconds, room,
            .. (executing ?? []).Select(id => (RedisValue)id),
        ];
        var result = await Db.ScriptEvaluateAsync(
            PartScripts.Take, [RedisKeys.PartQueue, RedisKeys.RunningParts, RedisKeys.Workers, RedisKeys.Transitions], args);
        if (result.IsNull)
        {
            return null;
        }

        var parts = (RedisResult[])result!;
        var id = (string)parts[0]!;
        var colon = id.IndexOf(':');
        var trace = (string?)parts[2];
        return new TakenPart(id[..colon], id[(colon + 1)..], int.Parse((string)parts[1]!, CultureInfo.InvariantCulture), string.IsNullOrEmpty(trace) ? null : trace);
    }

    /// <summary>The part's heartbeat: <see cref="RenewResult.CancelRequested"/> when its run ended or was canceled.</summary>
    public async Task<RenewResult> RenewAsync(string partId, string owner, TimeSpan lease) =>
        JobQueue.RenewResultOf((int)await Db.ScriptEvaluateAsync(
            PartScripts.Renew, [RedisKeys.Part(partId), RedisKeys.PartLease(partId), RedisKeys.Transitions], [owner, (long)lease.TotalMilliseconds]));

    /// <summary>Writes a running part's progress (the run's progress script: same fields, same owner check); false when it is no longer the owner's.</summary>
    public async Task<bool> ReportAsync(string partId, string owner, PartResult progress) =>
        (int)await Db.ScriptEvaluateAsync(RunScripts.Progress, [RedisKeys.Part(partId), RedisKeys.Transitions], [owner, Serialize(progress)]) == 1;

    /// <summary>Ends the owner's running part with its result; false when it was settled elsewhere first.</summary>
    public async Task<bool> FinishAsync(string partId, string owner, PartResult result)
    {
        if (!result.Status.IsFinal())
        {
            throw new ArgumentOutOfRangeException(nameof(result), result.Status, "a part finishes in a final state");
        }

        return (int)await Db.ScriptEvaluateAsync(
            PartScripts.Finish,
            [RedisKeys.Part(partId), RedisKeys.PartLease(partId), RedisKeys.RunningParts, RedisKeys.Transitions],
            [partId, owner, result.Status.ToString(), Serialize(result), (long)KeepAfterEnd.TotalMilliseconds]) == 1;
    }

    /// <summary>Calls the run's parts off: the queued ones are canceled, the running ones told to stop, none taken again.</summary>
    public async Task CancelAsync(string runId, string reason)
    {
        await Db.ScriptEvaluateAsync(PartScripts.Cancel, [RedisKeys.Run(runId), RedisKeys.PartQueue, RedisKeys.Transitions], [runId, reason]);
        await redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.CancelChannel), runId);
    }

    /// <summary>
    /// Hands a running part back because its Worker is stopping: queued again for the next attempt while its
    /// run goes on (true), else canceled (false); null when it was no longer this owner's.
    /// </summary>
    public async Task<bool?> ReleaseAsync(string partId, string owner, string reason) =>
        (int)await Db.ScriptEvaluateAsync(
            PartScripts.Release,
            [RedisKeys.Part(partId), RedisKeys.PartLease(partId), RedisKeys.RunningParts, RedisKeys.PartQueue, RedisKeys.Transitions],
            [partId, owner, reason]) switch
        {
            1 => true,
            2 => false,
            _ => null,
        };

    /// <summary>Queues again (or fails, past <paramref name="maxAttempts"/>) every part whose Worker stopped renewing its lease.</summary>
    public async Task<IReadOnlyList<LostPart>> SettleLostAsync(int maxAttempts, IEnumerable<string> executing)
    {
        RedisValue[] args = [maxAttempts, JobQueue.WorkerLost, .. executing.Select(id => (RedisValue)id)];
        var result = (RedisResult[])(await Db.ScriptEvaluateAsync(
            PartScripts.SettleLost, [RedisKeys.RunningParts, RedisKeys.PartQueue, RedisKeys.Transitions], args))!;
        return result.Select(r => (RedisResult[])r!)
            .Select(r => new LostPart((string)r[0]!, (string)r[1]! == "requeued", (string)r[2]!))
            .ToList();
    }

    /// <summary>The run's parts as they stand, one per venue asked for; a part whose record is gone (Redis lost it) is null.</summary>
    public async Task<IReadOnlyList<PartState?>> ReadAsync(string runId, IReadOnlyList<string> venues)
    {
        var batch = Db.CreateBatch();
        var reads = venues.Select(v => batch.HashGetAllAsync(RedisKeys.Part(PartIds.Of(runId, v)))).ToArray();
        batch.Execute();
        var entries = await Task.WhenAll(reads);
        return venues.Zip(entries, Compose).ToList();
    }

    private static PartState? Compose(string venue, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value);
        var progress = fields.GetValueOrDefault("progress");
        return new PartState(
            venue,
            Enum.TryParse<RunStatus>(fields.GetValueOrDefault("status").ToString(), out var status) ? status : RunStatus.Queued,
            Text(fields, "owner"),
            int.TryParse(Text(fields, "attempt"), CultureInfo.InvariantCulture, out var attempt) ? attempt : 1,
            Text(fields, "reason"),
            long.TryParse(Text(fields, "queuedAt"), CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null,
            progress.IsNullOrEmpty ? null : JsonSerializer.Deserialize((byte[])progress!, StorageJsonContext.Default.PartResult));
    }

    private static string? Text(Dictionary<string, RedisValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNullOrEmpty ? value.ToString() : null;

    private static byte[] Serialize(PartResult result) => JsonSerializer.SerializeToUtf8Bytes(result, StorageJsonContext.Default.PartResult);
}
