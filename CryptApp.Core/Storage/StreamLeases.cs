using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// Which Worker owns each venue's stream: a Redis string with a TTL per venue, taken when free, renewed by its owner
/// while it streams, and given back at once when the owner stops. A Worker killed without stopping loses it when its TTL
/// runs out, and another takes it then.
/// </summary>
public sealed class StreamLeases(IConnectionMultiplexer redis)
{
    private const string RenewScript = """
        if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) end
        return 0
        """;

    private const string ReleaseScript = """
        if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end
        return 0
        """;

    private IDatabase Db => redis.GetDatabase();

    /// <summary>Takes the venue's lease for <paramref name="owner"/> when it is free (or already its own); whether it holds it now.</summary>
    public async Task<bool> TryTakeAsync(string venue, string owner, TimeSpan lease) =>
        await Db.StringSetAsync(RedisKeys.StreamLease(venue), owner, lease, When.NotExists) || await RenewAsync(venue, owner, lease);

    /// <summary>Extends the lease when <paramref name="owner"/> still holds it; false when it was lost.</summary>
    public async Task<bool> RenewAsync(string venue, string owner, TimeSpan lease) =>
        (int)await Db.ScriptEvaluateAsync(RenewScript, [RedisKeys.StreamLease(venue)], [owner, (long)lease.TotalMilliseconds]) == 1;

    public async Task ReleaseAsync(string venue, string owner) =>
        await Db.ScriptEvaluateAsync(ReleaseScript, [RedisKeys.StreamLease(venue)], [owner]);
}
