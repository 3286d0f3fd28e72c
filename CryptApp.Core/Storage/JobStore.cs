using System.Globalization;
using System.Text.Json;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// Reads of the job subsystem: run records (one hash per run, written only by <see cref="JobQueue"/>'s
/// transitions), the published job catalogue, and trimming of old runs.
/// </summary>
public sealed class JobStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    public async Task<RunRecord?> GetAsync(string id) => Compose(id, await Db.HashGetAllAsync(RedisKeys.Run(id)));

    /// <summary>Newest first, optionally filtered by job and status, one page at a time.</summary>
    public async Task<(IReadOnlyList<RunRecord> Items, int Total)> ListAsync(int page, int pageSize, string? job = null, RunStatus? status = null)
    {
        var ids = await Db.SortedSetRangeByRankAsync(RedisKeys.RunIndex, 0, -1, Order.Descending);
        if (ids.Length == 0)
        {
            return ([], 0);
        }

        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAllAsync(RedisKeys.Run(id!))).ToArray();
        batch.Execute();
        var entries = await Task.WhenAll(reads);
        var runs = ids.Zip(entries, (id, fields) => Compose(id!, fields))
            .OfType<RunRecord>()
            .Where(r => job is null || string.Equals(r.Job, job, StringComparison.OrdinalIgnoreCase))
            .Where(r => status is null || r.Status == status)
            .ToList();
        return (runs.Skip((page - 1) * pageSize).Take(pageSize).ToList(), runs.Count);
    }

    /// <summary>Keeps the newest <paramref name="limit"/> runs and deletes the rest; never a queued or running one.</summary>
    public async Task<int> TrimAsync(int limit)
    {
        var stale = await Db.SortedSetRangeByRankAsync(RedisKeys.RunIndex, 0, -limit - 1);
        var removed = 0;
        foreach (var id in stale)
        {
            var transaction = Db.CreateTransaction();
            transaction.AddCondition(Condition.HashNotEqual(RedisKeys.Run(id!), "status", nameof(RunStatus.Queued)));
            transaction.AddCondition(Condition.HashNotEqual(RedisKeys.Run(id!), "status", nameof(RunStatus.Running)));
            _ = transaction.KeyDeleteAsync(RedisKeys.Run(id!));
            _ = transaction.SortedSetRemoveAsync(RedisKeys.RunIndex, id);
            removed += await transaction.ExecuteAsync() ? 1 : 0;
        }

        return removed;
    }

    public Task SaveJobAsync(JobInfo job) =>
        Db.HashSetAsync(RedisKeys.JobCatalog, job.Name, JsonSerializer.SerializeToUtf8Bytes(job, StorageJsonContext.Default.JobInfo));

    public async Task<IReadOnlyList<JobInfo>> ListJobsAsync()
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.JobCatalog);
        return entries
            .Select(e => JsonSerializer.Deserialize((byte[])e.Value!, StorageJsonContext.Default.JobInfo)!)
            .OrderBy(j => j.Name, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>When the job last collected anything, or null.</summary>
    public async Task<DateTimeOffset?> LastSuccessAsync(string job) =>
        await Db.StringGetAsync(RedisKeys.LastSuccess(job)) is { IsNull: false } value
            ? DateTimeOffset.FromUnixTimeMilliseconds((long)value)
            : null;

    private static RunRecord? Compose(string id, HashEntry[] entries)
    {
        if (entries.Length == 0)
        {
            return null;
        }

        var fields = entries.ToDictionary(e => e.Name.ToString(), e => e.Value);
        var counts = fields.TryGetValue("progress", out var progress) && !progress.IsNullOrEmpty
            ? JsonSerializer.Deserialize((byte[])progress!, StorageJsonContext.Default.RunCounts)!
            : RunCounts.None;
        return new RunRecord(
            id,
            Text(fields, "job") ?? "",
            Text(fields, "trigger") ?? "",
            Enum.Parse<RunStatus>(Text(fields, "status") ?? nameof(RunStatus.Queued)),
            Time(fields, "startedAt"),
            Time(fields, "finishedAt"),
            counts.SymbolsTotal,
            counts.SymbolsDone,
            counts.SymbolsSucceeded,
            counts.SymbolsFailed,
            counts.EntriesAccepted,
            counts.EntriesRejected,
            counts.Errors,
            Text(fields, "reason"),
            int.TryParse(Text(fields, "attempt"), CultureInfo.InvariantCulture, out var attempt) ? attempt : 1,
            Text(fields, "retryOf"),
            Time(fields, "queuedAt"),
            counts.Venues);
    }

    private static string? Text(Dictionary<string, RedisValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNullOrEmpty ? value.ToString() : null;

    private static DateTimeOffset? Time(Dictionary<string, RedisValue> fields, string name) =>
        long.TryParse(Text(fields, name), CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
