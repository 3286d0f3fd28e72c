using System.Text.Json;
using CryptApp.Core.Jobs;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>The Worker's job catalogue, published to Redis so the Api can show schedules without Quartz.</summary>
public sealed class JobCatalogStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    public Task SaveAsync(JobInfo job) =>
        Db.HashSetAsync(RedisKeys.JobCatalog, job.Name, JsonSerializer.SerializeToUtf8Bytes(job, StorageJsonContext.Default.JobInfo));

    public async Task<IReadOnlyList<JobInfo>> ListAsync()
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.JobCatalog);
        return entries
            .Select(e => JsonSerializer.Deserialize((byte[])e.Value!, StorageJsonContext.Default.JobInfo)!)
            .OrderBy(j => j.Name, StringComparer.Ordinal)
            .ToList();
    }
}
