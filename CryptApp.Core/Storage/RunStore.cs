using System.Text.Json;
using CryptApp.Core.Jobs;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>Run records in Redis: one JSON string per run and an index by start time, trimmed to a limit.</summary>
public sealed class RunStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    public async Task SaveAsync(RunRecord run)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(RedisKeys.Run(run.Id), JsonSerializer.SerializeToUtf8Bytes(run, StorageJsonContext.Default.RunRecord));
        _ = transaction.SortedSetAddAsync(RedisKeys.RunIndex, run.Id, (run.StartedAt ?? DateTimeOffset.UtcNow).ToUnixTimeMilliseconds());
        await transaction.ExecuteAsync();
    }

    public async Task<RunRecord?> GetAsync(string id)
    {
        var value = await Db.StringGetAsync(RedisKeys.Run(id));
        return value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, StorageJsonContext.Default.RunRecord);
    }

    /// <summary>Newest first, optionally filtered by job and status, one page at a time.</summary>
    public async Task<(IReadOnlyList<RunRecord> Items, int Total)> ListAsync(int page, int pageSize, string? job = null, RunStatus? status = null)
    {
        var ids = await Db.SortedSetRangeByRankAsync(RedisKeys.RunIndex, 0, -1, Order.Descending);
        if (ids.Length == 0)
        {
            return ([], 0);
        }

        var values = await Db.StringGetAsync(ids.Select(id => (RedisKey)RedisKeys.Run(id!)).ToArray());
        var runs = values
            .Where(v => !v.IsNull)
            .Select(v => JsonSerializer.Deserialize((byte[])v!, StorageJsonContext.Default.RunRecord)!)
            .Where(r => job is null || string.Equals(r.Job, job, StringComparison.OrdinalIgnoreCase))
            .Where(r => status is null || r.Status == status)
            .ToList();
        return (runs.Skip((page - 1) * pageSize).Take(pageSize).ToList(), runs.Count);
    }

    /// <summary>Keeps the newest <paramref name="limit"/> runs and deletes the rest.</summary>
    public async Task<int> TrimAsync(int limit)
    {
        var stale = await Db.SortedSetRangeByRankAsync(RedisKeys.RunIndex, 0, -limit - 1);
        if (stale.Length == 0)
        {
            return 0;
        }

        var transaction = Db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(stale.Select(id => (RedisKey)RedisKeys.Run(id!)).ToArray());
        _ = transaction.SortedSetRemoveAsync(RedisKeys.RunIndex, stale);
        await transaction.ExecuteAsync();
        return stale.Length;
    }
}
