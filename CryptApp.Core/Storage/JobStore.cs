using System.Globalization;
using System.Text.Json;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// Reads of the job subsystem: run records (one hash per run, written only by <see cref="JobQueue"/>'s
/// transitions), the published job catalogue, and trimming of old runs.
/// </summary>
public sealed class JobStore(IConnectionMultiplexer redis, ILogger<JobStore> logger)
{
    private bool _indexed;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>The run, or null when there is none or its record cannot be read (logged).</summary>
    public async Task<RunRecord?> GetAsync(string id) => Read(id, await Db.HashGetAllAsync(RedisKeys.Run(id)));

    /// <summary>
    /// Newest first, optionally filtered by job and status, one page at a time: the page is cut from the index of
    /// that job and status inside Redis, and only its records are read. A record that cannot be read is left out
    /// of the page and logged, never an error for the whole list.
    /// </summary>
    public async Task<(IReadOnlyList<RunRecord> Items, int Total)> ListAsync(int page, int pageSize, string? job = null, RunStatus? status = null)
    {
        await EnsureIndexedAsync();
        var index = (job, status) switch
        {
            (null, null) => RedisKeys.RunIndex,
            ({ } name, null) => RedisKeys.RunsOfJob(name),
            (null, { } state) => RedisKeys.RunsInStatus(state.ToString()),
            ({ } name, { } state) => RedisKeys.RunsOfJobInStatus(name, state.ToString()),
        };
        var start = (long)(page - 1) * pageSize;
        var total = Db.SortedSetLengthAsync(index);
        var ids = await Db.SortedSetRangeByRankAsync(index, start, start + pageSize - 1, Order.Descending);
        var batch = Db.CreateBatch();
        var reads = ids.Select(id => batch.HashGetAllAsync(RedisKeys.Run(id!))).ToArray();
        batch.Execute();
        var entries = await Task.WhenAll(reads);
        var runs = ids.Zip(entries, (id, fields) => Read(id!, fields)).OfType<RunRecord>().ToList();
        return (runs, (int)Math.Min(int.MaxValue, await total));
    }

    /// <summary>Deletes ended runs past the newest <paramref name="limit"/>, from their records and every index; never a queued or running one.</summary>
    public async Task<int> TrimAsync(int limit)
    {
        await EnsureIndexedAsync();
        var stale = await Db.SortedSetRangeByRankAsync(RedisKeys.RunIndex, 0, -limit - 1);
        var removed = 0;
        foreach (var id in stale)
        {
            removed += (int)await Db.ScriptEvaluateAsync(RunScripts.Forget, [RedisKeys.Run(id!), RedisKeys.RunIndex, RedisKeys.Transitions], [id]);
        }

        return removed;
    }

    /// <summary>Indexes by job and status the runs of a store written without those indexes, once.</summary>
    private async Task EnsureIndexedAsync()
    {
        if (_indexed || await Db.KeyExistsAsync(RedisKeys.RunIndexesComplete))
        {
            _indexed = true;
            return;
        }

        var indexed = (long)await Db.ScriptEvaluateAsync(RunScripts.IndexAll, [RedisKeys.RunIndex, RedisKeys.RunIndexesComplete, RedisKeys.Transitions]);
        logger.LogInformation("Indexed {Runs} stored runs by job and status", indexed);
        _indexed = true;
    }

    private RunRecord? Read(string id, HashEntry[] entries)
    {
        try
        {
            return Compose(id, entries);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException or FormatException or InvalidOperationException)
        {
            StoredRecord.LogUnreadable(logger, RedisKeys.Run(id), ex.Message);
            return null;
        }
    }

    public Task SaveJobAsync(JobInfo job) =>
        Db.HashSetAsync(RedisKeys.JobCatalog, job.Name, JsonSerializer.SerializeToUtf8Bytes(job, StorageJsonContext.Default.JobInfo));

    public async Task<IReadOnlyList<JobInfo>> ListJobsAsync()
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.JobCatalog);
        return entries
            .Select(e => StoredRecord.Decode(e.Value, StorageJsonContext.Default.JobInfo, logger, RedisKeys.JobCatalog, e.Name))
            .OfType<JobInfo>()
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
            counts.Venues,
            counts.ErrorsOmitted);
    }

    private static string? Text(Dictionary<string, RedisValue> fields, string name) =>
        fields.TryGetValue(name, out var value) && !value.IsNullOrEmpty ? value.ToString() : null;

    private static DateTimeOffset? Time(Dictionary<string, RedisValue> fields, string name) =>
        long.TryParse(Text(fields, name), CultureInfo.InvariantCulture, out var ms) ? DateTimeOffset.FromUnixTimeMilliseconds(ms) : null;
}
