using System.Text.Json;
using CryptApp.Contracts.Venues;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// Each venue's status as the Worker last saw it (one hash field per venue id): written after a venue's
/// part of a run, read by the Api's <c>/api/v1/exchanges</c> and for each market's staleness. A status that cannot be
/// read is left out and logged.
/// </summary>
public sealed class VenueStatusStore(IConnectionMultiplexer redis, ILogger<VenueStatusStore> logger)
{
    private IDatabase Db => redis.GetDatabase();

    public Task SaveAsync(VenueStatus status) =>
        Db.HashSetAsync(RedisKeys.Exchanges, status.Id, JsonSerializer.SerializeToUtf8Bytes(status, StorageJsonContext.Default.VenueStatus));

    public async Task<VenueStatus?> GetAsync(string id) =>
        StoredRecord.Decode(await Db.HashGetAsync(RedisKeys.Exchanges, id), StorageJsonContext.Default.VenueStatus, logger, RedisKeys.Exchanges, id);

    /// <summary>Writes the venue's stream status, apart from its REST status (each has its own writer).</summary>
    public Task SaveStreamAsync(string id, VenueStreamStatus status) =>
        Db.HashSetAsync(RedisKeys.Streams, id, JsonSerializer.SerializeToUtf8Bytes(status, StorageJsonContext.Default.VenueStreamStatus));

    /// <summary>Every venue the Worker has reported, each with its stream's status where one is written, in no particular order.</summary>
    public async Task<IReadOnlyList<VenueStatus>> ListWithStreamsAsync()
    {
        var (statuses, streams) = (ListAsync(), Db.HashGetAllAsync(RedisKeys.Streams));
        var byVenue = (await streams)
            .Select(e => (Id: (string)e.Name!, Status: StoredRecord.Decode(e.Value, StorageJsonContext.Default.VenueStreamStatus, logger, RedisKeys.Streams, e.Name)))
            .Where(e => e.Status is not null)
            .ToDictionary(e => e.Id, e => e.Status, StringComparer.Ordinal);
        return [.. (await statuses).Select(s => byVenue.TryGetValue(s.Id, out var stream) ? s with { Stream = stream } : s)];
    }

    /// <summary>Every venue the Worker has reported, in no particular order.</summary>
    public async Task<IReadOnlyList<VenueStatus>> ListAsync() =>
        (await Db.HashGetAllAsync(RedisKeys.Exchanges))
        .Select(e => StoredRecord.Decode(e.Value, StorageJsonContext.Default.VenueStatus, logger, RedisKeys.Exchanges, e.Name))
        .OfType<VenueStatus>()
        .ToList();
}
