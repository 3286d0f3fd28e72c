using CryptApp.Api.Extensions;
using CryptApp.Api.Queries;
using CryptApp.Api.ReadModel;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;
using CryptApp.Core.Markets;
using CryptApp.Core.Pairs;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Caching;

/// <summary>
/// Computed views of market data through HybridCache (memory, then Redis, then compute), tagged so
/// new data evicts them. HybridCache lets one caller compute a missing key while the others wait.
/// </summary>
public sealed class ComputedViews(HybridCache cache, MarketStore store, VenueStatusStore exchanges, CacheMetrics metrics, IOptions<ApiOptions> options)
{
    // The options are bound once; the entry settings and the tag list are the same on every call of the hot path.
    private static readonly string[] MarketsTag = [CacheTags.Markets];

    // Views with one key per market, pair or list: kept in memory, then Redis.
    private readonly HybridCacheEntryOptions _entry = new()
    {
        Expiration = options.Value.Caching.Expiration,
        LocalCacheExpiration = options.Value.Caching.Expiration,
        Flags = options.Value.Caching.Enabled ? HybridCacheEntryFlags.None : HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache,
    };

    // Views with a key per client's value (a history range, a notional): kept in Redis only. Their answers are in the
    // output cache's memory level already, and a memory level keyed by any value a client sends would hold tens of
    // thousands of small entries whose bookkeeping outweighs their bytes.
    private readonly HybridCacheEntryOptions _perValue = new()
    {
        Expiration = options.Value.Caching.Expiration,
        Flags = options.Value.Caching.Enabled ? HybridCacheEntryFlags.DisableLocalCache : HybridCacheEntryFlags.DisableLocalCache | HybridCacheEntryFlags.DisableDistributedCache,
    };

    /// <summary>Every market's summary; a row without venue fields is Blockchain.com's and gets them filled in.</summary>
    public ValueTask<MarketIndex> ListAsync(CancellationToken cancellationToken) =>
        GetAsync(
            "markets:all", "markets", async () => new MarketIndex([.. (await store.ListAsync()).Select(MarketIdentity.Complete)]), MarketsTag, cancellationToken);

    /// <summary>Every venue status the Worker has written; its runs announce new ones like new data.</summary>
    public ValueTask<VenueStatusIndex> VenueStatusesAsync(CancellationToken cancellationToken) =>
        GetAsync("exchanges:all", "exchanges", async () => new VenueStatusIndex([.. await exchanges.ListAsync()]), MarketsTag, cancellationToken);

    /// <summary>The pair across its venues; null when none of their books is stored any more.</summary>
    public ValueTask<PairView?> PairAsync(PairMarkets markets, CancellationToken cancellationToken) =>
        GetAsync(
            $"pair:{markets.Key}",
            "pair",
            async () => await LevelsAsync(markets) is { Count: > 0 } levels ? PairConsolidation.Consolidate(markets.Pair, levels) : null,
            MarketsTag,
            cancellationToken);

    public ValueTask<PairSlippage?> PairSlippageAsync(PairMarkets markets, TradeSide side, double notional, CancellationToken cancellationToken) =>
        GetAsync(
            FormattableString.Invariant($"pair-slippage:{markets.Key}:{side}:{notional:R}"),
            "pair-slippage",
            async () => await LevelsAsync(markets) is { Count: > 0 } levels ? PairConsolidation.Route(markets.Pair, levels, side, notional) : null,
            MarketsTag,
            _perValue,
            cancellationToken);

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
            _perValue,
            cancellationToken);

    public ValueTask<SlippageEstimate?> SlippageAsync(string symbol, TradeSide side, double notional, CancellationToken cancellationToken) =>
        GetAsync(
            $"slippage:{RedisKeys.Normalize(symbol)}:{side}:{notional:R}",
            "slippage",
            async () => await store.GetBookAsync(symbol) is { } book ? SlippageEstimate.Walk(book, side, notional) : null,
            [CacheTags.Markets, CacheTags.Market(symbol)],
            _perValue,
            cancellationToken);

    /// <summary>Each member's kept levels, in member order (venue id); a market removed since the index was read is left out.</summary>
    private async Task<IReadOnlyList<VenueLevels>> LevelsAsync(PairMarkets markets)
    {
        var books = await Task.WhenAll(markets.Members.Select(m => store.GetBookAsync(m.Key)));
        return [.. markets.Members.Zip(books).Where(p => p.Second is not null).Select(p => new VenueLevels(p.First.Venue, p.Second!, p.First.Stale))];
    }

    private ValueTask<T> GetAsync<T>(string key, string view, Func<Task<T>> compute, string[] tags, CancellationToken cancellationToken) =>
        GetAsync(key, view, compute, tags, _entry, cancellationToken);

    private async ValueTask<T> GetAsync<T>(
        string key, string view, Func<Task<T>> compute, string[] tags, HybridCacheEntryOptions entry, CancellationToken cancellationToken)
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
            entry,
            tags,
            cancellationToken);
        if (!computed)
        {
            metrics.Hit("hybrid", view);
        }

        return value;
    }
}
