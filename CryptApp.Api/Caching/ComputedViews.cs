using CryptApp.Api.Extensions;
using CryptApp.Api.Queries;
using CryptApp.Api.ReadModel;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;
using CryptApp.Core.Markets;
using CryptApp.Core.Pairs;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;
using Microsoft.Extensions.Caching.Hybrid;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Caching;

/// <summary>
/// Computed views of market data through HybridCache (memory, then Redis, then compute), tagged so
/// new data evicts them. HybridCache lets one caller compute a missing key while the others wait.
/// </summary>
/// <remarks>
/// A view that shows a live book (<c>source</c> stream) changes with every write and no announcement comes for those: it
/// is current for one <c>Stream:WriteInterval</c>, then computed again (<see cref="Live{T}"/>), while a view of REST
/// snapshots only stays until new data is announced.
/// </remarks>
public sealed class ComputedViews(
    HybridCache cache,
    MarketStore store,
    VenueStatusStore exchanges,
    CacheMetrics metrics,
    IOptions<ApiOptions> options,
    IOptions<StreamingOptions> live,
    TimeProvider time)
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
        GetLiveAsync(
            "markets:all",
            "markets",
            async () => new MarketIndex([.. (await store.ListAsync()).Select(MarketIdentity.Complete)]),
            index => index.Markets.Any(m => m.Source == MarketSources.Stream),
            _entry,
            cancellationToken);

    /// <summary>Every venue status the Worker has written, with its stream's where it streams; its runs announce new ones like new data.</summary>
    public ValueTask<VenueStatusIndex> VenueStatusesAsync(CancellationToken cancellationToken) =>
        GetLiveAsync(
            "exchanges:all",
            "exchanges",
            async () => new VenueStatusIndex([.. await exchanges.ListWithStreamsAsync()], live.Value.StaleAfter),
            index => index.Statuses.Any(s => s.Stream is not null),
            _entry,
            cancellationToken);

    /// <summary>The pair across its venues; null when none of their books is stored any more.</summary>
    public ValueTask<PairView?> PairAsync(PairMarkets markets, CancellationToken cancellationToken) =>
        GetLiveAsync(
            $"pair:{markets.Key}",
            "pair",
            async () => await LevelsAsync(markets) is { Count: > 0 } levels ? PairConsolidation.Consolidate(markets.Pair, levels) : null,
            _ => markets.Live,
            _entry,
            cancellationToken);

    public ValueTask<PairSlippage?> PairSlippageAsync(PairMarkets markets, TradeSide side, double notional, CancellationToken cancellationToken) =>
        GetLiveAsync(
            FormattableString.Invariant($"pair-slippage:{markets.Key}:{side}:{notional:R}"),
            "pair-slippage",
            async () => await LevelsAsync(markets) is { Count: > 0 } levels ? PairConsolidation.Route(markets.Pair, levels, side, notional) : null,
            _ => markets.Live,
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
    public async Task<IReadOnlyList<VenueLevels>> LevelsAsync(PairMarkets markets)
    {
        var books = await Task.WhenAll(markets.Members.Select(m => store.GetBookAsync(m.Key)));
        return [.. markets.Members.Zip(books).Where(p => p.Second is not null).Select(p => new VenueLevels(p.First.Venue, p.Second!, p.First.Stale))];
    }

    /// <summary>
    /// A view as <see cref="GetAsync{T}(string, string, Func{Task{T}}, string[], CancellationToken)"/> keeps it, but one that
    /// <paramref name="showsLive"/> is current only until one write interval after it was computed: then it is removed and
    /// computed again.
    /// </summary>
    private async ValueTask<T> GetLiveAsync<T>(
        string key, string view, Func<Task<T>> compute, Func<T, bool> showsLive, HybridCacheEntryOptions entry, CancellationToken cancellationToken)
    {
        // A key of its own: an entry another build cached under the bare key holds a bare view, not a Live<T>.
        key += "|live";
        var cached = await GetAsync(key, view, async () => Live(await compute()), MarketsTag, entry, cancellationToken);
        if (cached.Until is { } until && until <= time.GetUtcNow())
        {
            await cache.RemoveAsync(key, cancellationToken);
            cached = await GetAsync(key, view, async () => Live(await compute()), MarketsTag, entry, cancellationToken);
        }

        return cached.Value;

        Live<T> Live(T value) => new(value, showsLive(value) ? time.GetUtcNow() + live.Value.WriteInterval : null);
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

/// <summary>A cached view and, when it shows a live book, the moment it stops being current.</summary>
public sealed record Live<T>(T Value, DateTimeOffset? Until);
