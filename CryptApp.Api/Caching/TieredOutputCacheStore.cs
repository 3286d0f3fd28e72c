using CryptApp.Api.Extensions;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

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

    /// <summary>
    /// What an entry costs beyond its bytes and key: the cache's entry and node, its expiry tokens and their registrations,
    /// its eviction callback (about 1.1 KB, counted in a heap dump of the Api): counted, so small answers are bounded too.
    /// </summary>
    private const int EntryOverhead = 1_152;

    private readonly IOutputCacheStore _shared;
    private readonly MemoryCache _memory;
    private readonly TimeProvider _time;
    private readonly ILogger<TieredOutputCacheStore> _logger;
    // Each tag's eviction token and how many entries in memory carry it; a tag no entry carries any more is forgotten.
    private readonly Dictionary<string, TagState> _tags = new(StringComparer.Ordinal);
    private readonly Lock _tagsLock = new();
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
            CancellationTokenSource? evicted = null;
            lock (_tagsLock)
            {
                if (_tags.Remove(tag, out var state))
                {
                    evicted = state.Eviction;
                }
            }

            if (evicted is not null)
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

    /// <summary>How many tags the memory level tracks now: at most those its entries carry.</summary>
    public int TrackedTags
    {
        get
        {
            lock (_tagsLock)
            {
                return _tags.Count;
            }
        }
    }

    private void Remember(string key, byte[] value, string[] tags, DateTimeOffset expires)
    {
        using var entry = _memory.CreateEntry(key);
        entry.Value = value;
        entry.Size = value.Length + key.Length * 2 + EntryOverhead;
        entry.AbsoluteExpiration = expires;
        entry.ExpirationTokens.Add(new CancellationChangeToken(_all.Token));
        var states = new TagState[tags.Length];
        lock (_tagsLock)
        {
            for (var i = 0; i < tags.Length; i++)
            {
                if (!_tags.TryGetValue(tags[i], out var state))
                {
                    _tags[tags[i]] = state = new TagState();
                }

                state.Entries++;
                states[i] = state;
                entry.ExpirationTokens.Add(new CancellationChangeToken(state.Eviction.Token));
            }
        }

        // Whatever ends the entry (expiry, eviction, a size trim, a replacement) releases its tags.
        entry.RegisterPostEvictionCallback((_, _, _, _) => Release(tags, states));
    }

    private void Release(string[] tags, TagState[] states)
    {
        lock (_tagsLock)
        {
            for (var i = 0; i < tags.Length; i++)
            {
                if (--states[i].Entries == 0 && _tags.TryGetValue(tags[i], out var current) && ReferenceEquals(current, states[i]))
                {
                    _tags.Remove(tags[i]);
                    states[i].Eviction.Dispose();
                }
            }
        }
    }

    private static bool IsSharedFailure(Exception ex, CancellationToken cancellationToken) =>
        RedisFailures.IsTransient(ex) || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested);

    public void Dispose()
    {
        _memory.Dispose();
        _all.Dispose();
        lock (_tagsLock)
        {
            foreach (var state in _tags.Values)
            {
                state.Eviction.Dispose();
            }
        }
    }

    private sealed class TagState
    {
        public CancellationTokenSource Eviction { get; } = new();

        public int Entries { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shared output cache {Operation} failed; served without it: {Reason}")]
    private partial void LogSharedFailed(string operation, string reason);
}
