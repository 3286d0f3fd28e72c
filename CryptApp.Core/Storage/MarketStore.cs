using System.Text.Json;
using CryptApp.Core.Markets;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>Reads and writes market snapshots and their index in Redis.</summary>
public sealed class MarketStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>Writes the snapshot and its index row in one MULTI/EXEC so no reader sees one without the other.</summary>
    public async Task SaveAsync(MarketSnapshot snapshot)
    {
        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(
            RedisKeys.Market(snapshot.Symbol),
            JsonSerializer.SerializeToUtf8Bytes(snapshot, StorageJsonContext.Default.MarketSnapshot));
        _ = transaction.HashSetAsync(
            RedisKeys.MarketIndex,
            RedisKeys.Normalize(snapshot.Symbol),
            JsonSerializer.SerializeToUtf8Bytes(snapshot.ToSummary(), StorageJsonContext.Default.MarketSummary));
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException($"Redis refused the snapshot transaction for {snapshot.Symbol}");
        }
    }

    public async Task<MarketSnapshot?> GetAsync(string symbol)
    {
        var value = await Db.StringGetAsync(RedisKeys.Market(symbol));
        return value.IsNull ? null : JsonSerializer.Deserialize((byte[])value!, StorageJsonContext.Default.MarketSnapshot);
    }

    public async Task<IReadOnlyList<MarketSummary>> ListAsync()
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.MarketIndex);
        return entries
            .Select(e => JsonSerializer.Deserialize((byte[])e.Value!, StorageJsonContext.Default.MarketSummary)!)
            .OrderBy(s => s.Symbol, StringComparer.Ordinal)
            .ToList();
    }

    public async Task<IReadOnlyList<string>> GetSymbolsAsync()
    {
        var keys = await Db.HashKeysAsync(RedisKeys.MarketIndex);
        return keys.Select(k => k.ToString()).ToList();
    }

    /// <summary>Removes markets the exchange no longer lists as open, snapshot and index row together.</summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> symbols)
    {
        if (symbols.Count == 0)
        {
            return;
        }

        var transaction = Db.CreateTransaction();
        _ = transaction.KeyDeleteAsync(symbols.Select(s => (RedisKey)RedisKeys.Market(s)).ToArray());
        _ = transaction.HashDeleteAsync(RedisKeys.MarketIndex, symbols.Select(s => (RedisValue)RedisKeys.Normalize(s)).ToArray());
        await transaction.ExecuteAsync();
    }

    public Task PublishChangedAsync(string runId) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.MarketsChangedChannel), runId);
}
