using CryptApp.Core.Storage;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.Extensions.Caching.Hybrid;
using StackExchange.Redis;

namespace CryptApp.Api.Caching;

/// <summary>
/// Every replica listens for the Worker's "markets changed" message and drops what it cached: the
/// output cache by tag (its Redis store is shared, so this reaches every replica) and its own
/// HybridCache entries by tag (HybridCache has no cross-process invalidation of its own).
/// </summary>
public sealed partial class CacheInvalidationListener(
    IConnectionMultiplexer redis,
    IOutputCacheStore outputCache,
    HybridCache hybridCache,
    ILogger<CacheInvalidationListener> logger) : BackgroundService
{
    private static readonly string[] Tags = [CacheTags.Markets, CacheTags.Runs];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var queue = await redis.GetSubscriber().SubscribeAsync(RedisChannel.Literal(RedisKeys.MarketsChangedChannel));
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                var message = await queue.ReadAsync(stoppingToken);
                await InvalidateAsync(message.Message.ToString(), stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
        finally
        {
            await queue.UnsubscribeAsync();
        }
    }

    private async Task InvalidateAsync(string runId, CancellationToken cancellationToken)
    {
        try
        {
            foreach (var tag in Tags)
            {
                await outputCache.EvictByTagAsync(tag, cancellationToken);
            }

            await hybridCache.RemoveByTagAsync(Tags, cancellationToken);
            LogInvalidated(runId);
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Entries expire on their own; a missed eviction only delays freshness.
            LogInvalidationFailed(runId, ex.Message);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Caches invalidated after run {RunId}")]
    private partial void LogInvalidated(string runId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cache invalidation after run {RunId} failed: {Reason}")]
    private partial void LogInvalidationFailed(string runId, string reason);
}
