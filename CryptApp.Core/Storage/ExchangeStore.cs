using System.Text.Json;
using CryptApp.Contracts.Exchanges;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// Each venue's status as the Worker last saw it (one hash field per venue id): written after a venue's
/// part of a run, read by the Api's <c>/api/v1/exchanges</c> and for each market's staleness.
/// </summary>
public sealed class ExchangeStore(IConnectionMultiplexer redis)
{
    private IDatabase Db => redis.GetDatabase();

    public Task SaveAsync(ExchangeStatus status) =>
        Db.HashSetAsync(RedisKeys.Exchanges, status.Id, JsonSerializer.SerializeToUtf8Bytes(status, StorageJsonContext.Default.ExchangeStatus));

    public async Task<ExchangeStatus?> GetAsync(string id) =>
        await Db.HashGetAsync(RedisKeys.Exchanges, id) is { IsNullOrEmpty: false } json
            ? JsonSerializer.Deserialize((byte[])json!, StorageJsonContext.Default.ExchangeStatus)
            : null;

    /// <summary>Every venue the Worker has reported, in no particular order.</summary>
    public async Task<IReadOnlyList<ExchangeStatus>> ListAsync() =>
        (await Db.HashGetAllAsync(RedisKeys.Exchanges))
        .Select(e => JsonSerializer.Deserialize((byte[])e.Value!, StorageJsonContext.Default.ExchangeStatus)!)
        .ToList();
}
