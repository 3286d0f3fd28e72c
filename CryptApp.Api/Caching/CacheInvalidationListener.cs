using CryptApp.Core.Storage;
using Microsoft.Extensions.Caching.Hybrid;
using StackExchange.Redis;

namespace CryptApp.Api.Caching;

/// <summary>
/// Every replica listens for the Worker's "markets changed" message and drops what it cached: its
/// memory level and the shared Redis level of the output cache, and its own HybridCache entries
/// (HybridCache has no cross-process invalidation of its own). It drops them again a second later: a
/// request that read the old data just before the Worker wrote may store it just after the first
/// eviction, and no answer may be older than one announcement plus a second. A replica whose Redis
/// connection dropped may have missed announcements, so a restored connection drops everything too.
/// </summary>
public sealed partial class CacheInvalidationListener(
    IConnectionMultiplexer redis,
    TieredOutputCacheStore outputCache,
    HybridCache hybridCache,
    TimeProvider time,
    ILogger<CacheInvalidationListener> logger) : BackgroundService
{
    private static readonly string[] Tags = [CacheTags.Markets, CacheTags.Runs];
    private static readonly TimeSpan SecondEviction = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ReconnectRetry = TimeSpan.FromMilliseconds(500);
    private const int ReconnectAttempts = 20;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        redis.ConnectionRestored += OnConnectionRestored;
        try
        {
            var queue = await SubscribeAsync(stoppingToken);
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                var runId = message.Message.ToString();
                try
                {
                    await InvalidateAsync(runId, stoppingToken);
                }
                catch (Exception ex) when (RedisFailures.IsTransient(ex))
                {
                    // Redis went away mid-eviction: the memory level is emptied on reconnect anyway; never stop listening.
                    LogInvalidationFailed(runId, ex.Message);
                }

                _ = InvalidateLaterAsync(runId, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            redis.ConnectionRestored -= OnConnectionRestored;
        }
    }

    /// <summary>Retries until Redis answers: the Api starts (and serves) without it.</summary>
    private async Task<ChannelMessageQueue> SubscribeAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            try
            {
                return await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.MarketsChangedChannel));
            }
            catch (Exception ex) when (RedisFailures.IsTransient(ex))
            {
                LogSubscribeFailed(ex.Message);
                await Task.Delay(TimeSpan.FromSeconds(1), time, stoppingToken);
            }
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        outputCache.InvalidateAll();
        LogReconnected(e.ConnectionType.ToString());
        _ = InvalidateAfterReconnectAsync();
    }

    /// <summary>
    /// The shared level may hold what this replica stored before the drop; until it is evicted, the memory
    /// level would refill from it. The other connection may still be coming back: retry until it works.
    /// </summary>
    private async Task InvalidateAfterReconnectAsync()
    {
        for (var attempt = 0; attempt < ReconnectAttempts; attempt++)
        {
            if (await InvalidateAsync("reconnect", CancellationToken.None))
            {
                outputCache.InvalidateAll();
                return;
            }

            await Task.Delay(ReconnectRetry, time);
        }
    }

    private async Task InvalidateLaterAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            await Task.Delay(SecondEviction, time, cancellationToken);
            await InvalidateAsync(runId, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            // Shutting down.
        }
    }

    /// <summary>Both output-cache levels and HybridCache; false when Redis could not be reached for all of it.</summary>
    private async Task<bool> InvalidateAsync(string runId, CancellationToken cancellationToken)
    {
        var complete = true;
        foreach (var tag in Tags)
        {
            complete &= await outputCache.TryEvictByTagAsync(tag, cancellationToken);
        }

        try
        {
            await hybridCache.RemoveByTagAsync(Tags, cancellationToken);
        }
        catch (Exception ex) when (RedisFailures.IsTransient(ex))
        {
            complete = false;
            LogInvalidationFailed(runId, ex.Message);
        }

        if (complete)
        {
            LogInvalidated(runId);
        }

        return complete;
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Caches invalidated after {RunId}")]
    private partial void LogInvalidated(string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache invalidation after {RunId} failed: {Reason}")]
    private partial void LogInvalidationFailed(string runId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection ({Connection}) restored: announcements may have been missed, caches emptied")]
    private partial void LogReconnected(string connection);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot subscribe to data announcements yet: {Reason}")]
    private partial void LogSubscribeFailed(string reason);
}
