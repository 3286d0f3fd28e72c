using CryptApp.Api.Extensions;
using CryptApp.Api.Queries;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Caching;

/// <summary>
/// Computed views of market data through HybridCache (memory, then Redis, then compute), tagged so
/// new data evicts them. HybridCache lets one caller compute a missing key while the others wait.
/// </summary>
public sealed class MarketViews(HybridCache cache, MarketStore store, CacheMetrics metrics, IOptions<ApiOptions> options)
{
    private HybridCacheEntryOptions Entry => new()
    {
        Expiration = options.Value.Caching.Expiration,
        LocalCacheExpiration = options.Value.Caching.Expiration,
        Flags = options.Value.Caching.Enabled ? HybridCacheEntryFlags.None : HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache,
    };

    public ValueTask<MarketIndex> ListAsync(CancellationToken cancellationToken) =>
        GetAsync("markets:all", "markets", async () => new MarketIndex([.. await store.ListAsync()]), [CacheTags.Markets], cancellationToken);

    public ValueTask<HistoryView?> HistoryAsync(string symbol, HistoryQuery range, CancellationToken cancellationToken) =>
        GetAsync(
            $"history:{RedisKeys.Normalize(symbol)}:{range.Key}",
            "history",
            async () =>
            {
                var snapshot = await store.GetAsync(symbol);
                if (snapshot is null)
                {
                    return null;
                }

                var points = await store.GetHistoryAsync(symbol, range.From, range.To);
                return new HistoryView(snapshot.Symbol, range.From, range.To, range.Interval, HistoryBuckets.Bucket(points, range.From, range.Interval));
            },
            [CacheTags.Markets, CacheTags.Market(symbol)],
            cancellationToken);

    public ValueTask<SlippageEstimate?> SlippageAsync(string symbol, TradeSide side, double notional, CancellationToken cancellationToken) =>
        GetAsync(
            $"slippage:{RedisKeys.Normalize(symbol)}:{side}:{notional:R}",
            "slippage",
            async () => await store.GetBookAsync(symbol) is { } book ? SlippageEstimate.Walk(book, side, notional) : null,
            [CacheTags.Markets, CacheTags.Market(symbol)],
            cancellationToken);

    private async ValueTask<T> GetAsync<T>(string key, string view, Func<Task<T>> compute, string[] tags, CancellationToken cancellationToken)
    {
        var computed = false;
        var value = await cache.GetOrCreateAsync(
            key,
            async _ =>
            {
                computed = true;
                metrics.Miss("hybrid", view);
                return await compute();
            },
            Entry,
            tags,
            cancellationToken);
        if (!computed)
        {
            metrics.Hit("hybrid", view);
        }

        return value;
    }
}
