using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>A Redis lock per job and scheduled slot: with N Worker replicas each slot runs once.</summary>
public sealed class SlotLocks(IConnectionMultiplexer redis)
{
    public Task<bool> TryTakeAsync(string job, DateTimeOffset slot, TimeSpan hold) =>
        redis.GetDatabase().StringSetAsync(RedisKeys.Slot(job, slot), "taken", hold, When.NotExists);
}
