using System.Collections.Concurrent;
using CryptApp.Api.Extensions;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using StackExchange.Redis;

namespace CryptApp.Api.Caching;

/// <summary>
/// The output cache in two levels: this process's memory (size-limited) in front of the Redis store all
/// replicas share. A hit in memory costs no round trip; a miss asks Redis (bounded by a short timeout)
/// and keeps what it finds. Eviction by tag reaches both levels; <see cref="InvalidateAll"/> empties the
/// memory level when this replica may have missed evictions (its Redis connection dropped). A Redis
/// that fails or hangs makes a miss, never an error: the request is then answered from the data path.
/// </summary>
public sealed partial class TieredOutputCacheStore : IOutputCacheStore, IDisposable
{
    private static readonly TimeSpan SharedTimeout = TimeSpan.FromMilliseconds(500);

    private readonly IOutputCacheStore _shared;
    private readonly MemoryCache _memory;
    private readonly TimeProvider _time;
    private readonly ILogger<TieredOutputCacheStore> _logger;
    private readonly ConcurrentDictionary<string, CancellationTokenSource> _tags = new(StringComparer.Ordinal);
    private CancellationTokenSource _all = new();

    public TieredOutputCacheStore(IOutputCacheStore shared, IOptions<ApiOptions> options, TimeProvider time, ILogger<TieredOutputCacheStore> logger)
    {
        _shared = shared;
        _time = time;
        _logger = logger;
        _memory = new MemoryCache(new MemoryCacheOptions { SizeLimit = options.Value.Caching.MemoryLimitBytes, Clock = null });
    }

    public async ValueTask<byte[]?> GetAsync(string key, CancellationToken cancellationToken)
    {
        if (_memory.TryGetValue(key, out byte[]? local))
        {
            return local;
        }

        byte[]? envelope;
        try
        {
            envelope = await _shared.GetAsync(key, cancellationToken).AsTask().WaitAsync(SharedTimeout, cancellationToken);
        }
        catch (Exception ex) when (IsSharedFailure(ex, cancellationToken))
        {
            LogSharedFailed("get", ex.Message);
            return null;
        }

        if (envelope is null || OutputCacheEnvelope.Unwrap(envelope) is not { } entry || entry.Expires <= _time.GetUtcNow())
        {
            return null;
        }

        Remember(key, entry.Value, entry.Tags, entry.Expires);
        return entry.Value;
    }

    public async ValueTask SetAsync(string key, byte[] value, string[]? tags, TimeSpan validFor, CancellationToken cancellationToken)
    {
        tags ??= [];
        var expires = _time.GetUtcNow() + validFor;
        Remember(key, value, tags, expires);
        try
        {
            await _shared.SetAsync(key, OutputCacheEnvelope.Wrap(value, tags, expires), tags, validFor, cancellationToken)
                .AsTask().WaitAsync(SharedTimeout, cancellationToken);
        }
        catch (Exception ex) when (IsSharedFailure(ex, cancellationToken))
        {
            LogSharedFailed("set", ex.Message);
        }
    }

    public async ValueTask EvictByTagAsync(string tag, CancellationToken cancellationToken) =>
        await TryEvictByTagAsync(tag, cancellationToken);

    /// <summary>Evicts a tag from both levels; false when the shared level could not be reached (its entries then expire on their own).</summary>
    /// <remarks>
    /// The shared level goes first: a miss in memory refills from it, so emptying memory first would let a
    /// request put the old answer back before the shared level lost it.
    /// </remarks>
    public async Task<bool> TryEvictByTagAsync(string tag, CancellationToken cancellationToken)
    {
        try
        {
            await _shared.EvictByTagAsync(tag, cancellationToken).AsTask().WaitAsync(SharedTimeout, cancellationToken);
            return true;
        }
        catch (Exception ex) when (IsSharedFailure(ex, cancellationToken))
        {
            LogSharedFailed("evict", ex.Message);
            return false;
        }
        finally
        {
            // Not disposed: an entry being added this instant may still read its token.
            if (_tags.TryRemove(tag, out var evicted))
            {
                await evicted.CancelAsync();
            }
        }
    }

    /// <summary>Empties the memory level: whatever it holds may have missed an eviction.</summary>
    public void InvalidateAll()
    {
        Interlocked.Exchange(ref _all, new CancellationTokenSource()).Cancel();
    }

    private void Remember(string key, byte[] value, string[] tags, DateTimeOffset expires)
    {
        using var entry = _memory.CreateEntry(key);
        entry.Value = value;
        entry.Size = value.Length + key.Length * 2 + 64;
        entry.AbsoluteExpiration = expires;
        entry.ExpirationTokens.Add(new CancellationChangeToken(_all.Token));
        foreach (var tag in tags)
        {
            entry.ExpirationTokens.Add(new CancellationChangeToken(_tags.GetOrAdd(tag, _ => new CancellationTokenSource()).Token));
        }
    }

    private static bool IsSharedFailure(Exception ex, CancellationToken cancellationToken) =>
        RedisFailures.IsTransient(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public void Dispose()
    {
        _memory.Dispose();
        _all.Dispose();
        foreach (var cts in _tags.Values)
        {
            cts.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared output cache {Operation} failed; served without it: {Reason}")]
    private partial void LogSharedFailed(string operation, string reason);
}
