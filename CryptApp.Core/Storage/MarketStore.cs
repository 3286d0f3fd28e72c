using System.Text.Json;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;
using CryptApp.Core.Views;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// Reads and writes market snapshots, their book levels, history and index in Redis. A stored record that cannot be
/// read is left out of what is returned and logged (<see cref="StoredRecord"/>).
/// </summary>
public sealed class MarketStore(IConnectionMultiplexer redis, ILogger<MarketStore> logger)
{
    private IDatabase Db => redis.GetDatabase();

    /// <summary>
    /// Writes snapshot, ready-made views (levels included) and history point in one MULTI/EXEC (one hash slot: the keys share the
    /// symbol's hash tag), so no reader sees a half-written market, and prunes history older than
    /// <paramref name="historyRetention"/>; then the index row, which lives in its own slot.
    /// </summary>
    public async Task SaveAsync(MarketAnalysis analysis, TimeSpan historyRetention)
    {
        var snapshot = analysis.Snapshot;
        var point = HistoryPoint.From(snapshot);
        var at = snapshot.CollectedAt.ToUnixTimeMilliseconds();

        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(RedisKeys.Market(snapshot.Symbol), Serialize(snapshot, StorageJsonContext.Default.MarketSnapshot));
        _ = transaction.HashSetAsync(RedisKeys.Views(snapshot.Symbol), ViewEntries(analysis));
        // A REST snapshot is judged by its venue's interval, not by a live book's bound.
        _ = transaction.HashDeleteAsync(RedisKeys.Views(snapshot.Symbol), FreshUntilField);
        _ = transaction.SortedSetAddAsync(RedisKeys.History(snapshot.Symbol), HistoryPointCodec.Encode(point), at);
        _ = transaction.SortedSetRemoveRangeByScoreAsync(
            RedisKeys.History(snapshot.Symbol), double.NegativeInfinity, at - historyRetention.TotalMilliseconds, Exclude.Stop);
        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException($"Redis refused the snapshot transaction for {snapshot.Symbol}");
        }

        await Db.HashSetAsync(
            RedisKeys.MarketIndex, RedisKeys.Normalize(snapshot.Symbol), Serialize(snapshot.ToSummary(), StorageJsonContext.Default.MarketSummary));
        await AnnounceAsync(snapshot.Symbol, new(MarketChange.Written, StoredViews.Version(snapshot.CollectedAt), null, null, DateTimeOffset.UtcNow));
    }

    /// <summary>
    /// Writes a live book's snapshot and views as <see cref="SaveAsync"/> does, but leaves the original's <c>/cryptos</c>
    /// views to the REST run, adds a history point only when <paramref name="withHistory"/> (one per history interval,
    /// not one per write), and records the market as streamed (<see cref="GetLiveBooksAsync"/>).
    /// </summary>
    public async Task SaveLiveAsync(MarketAnalysis analysis, TimeSpan historyRetention, bool withHistory, DateTimeOffset freshUntil)
    {
        var snapshot = analysis.Snapshot;
        var at = snapshot.CollectedAt.ToUnixTimeMilliseconds();
        var transaction = Db.CreateTransaction();
        _ = transaction.StringSetAsync(RedisKeys.Market(snapshot.Symbol), Serialize(snapshot, StorageJsonContext.Default.MarketSnapshot));
        _ = transaction.HashSetAsync(
            RedisKeys.Views(snapshot.Symbol), [.. ViewEntries(analysis).Where(e => !OriginalViewFields.Contains(e.Name)), new(FreshUntilField, freshUntil.UtcTicks)]);
        if (withHistory)
        {
            _ = transaction.SortedSetAddAsync(RedisKeys.History(snapshot.Symbol), HistoryPointCodec.Encode(HistoryPoint.From(snapshot)), at);
            _ = transaction.SortedSetRemoveRangeByScoreAsync(
                RedisKeys.History(snapshot.Symbol), double.NegativeInfinity, at - historyRetention.TotalMilliseconds, Exclude.Stop);
        }

        if (!await transaction.ExecuteAsync())
        {
            throw new InvalidOperationException($"Redis refused the live snapshot transaction for {snapshot.Symbol}");
        }

        var id = RedisKeys.Normalize(snapshot.Symbol);
        await Task.WhenAll(
            Db.HashSetAsync(RedisKeys.MarketIndex, id, Serialize(snapshot.ToSummary(), StorageJsonContext.Default.MarketSummary)),
            Db.HashSetAsync(RedisKeys.LiveBooks, id, snapshot.CollectedAt.UtcTicks));
        await AnnounceAsync(snapshot.Symbol, new(MarketChange.Written, StoredViews.Version(snapshot.CollectedAt), null, null, DateTimeOffset.UtcNow));
    }

    /// <summary>Tells the market's streams that its live book stopped being live (<paramref name="state"/>), and why.</summary>
    public Task AnnounceStateAsync(string symbol, string state, string? reason) =>
        AnnounceAsync(symbol, new(MarketChange.StateChanged, null, state, reason, DateTimeOffset.UtcNow));

    /// <summary>Publishes on the market's channel; a process that streams the market reads its views once and pushes them.</summary>
    private Task AnnounceAsync(string symbol, MarketChange change) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.MarketChanges(symbol)), change.ToJson());

    /// <summary>Market id → when its live book was last written.</summary>
    public async Task<IReadOnlyDictionary<string, DateTimeOffset>> GetLiveBooksAsync()
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.LiveBooks);
        var live = new Dictionary<string, DateTimeOffset>(entries.Length, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (!entry.Value.IsNull && entry.Value.TryParse(out long ticks) && ticks is >= 0 and <= MaxTicks)
            {
                live[entry.Name!] = new DateTimeOffset(ticks, TimeSpan.Zero);
            }
        }

        return live;
    }

    public async Task<MarketSnapshot?> GetAsync(string symbol) =>
        StoredRecord.Decode(await Db.StringGetAsync(RedisKeys.Market(symbol)), StorageJsonContext.Default.MarketSnapshot, logger, RedisKeys.Market(symbol));

    public async Task<BookLevels?> GetBookAsync(string symbol) =>
        StoredRecord.Decode(
            await Db.HashGetAsync(RedisKeys.Views(symbol), BookField), StorageJsonContext.Default.BookLevels, logger, RedisKeys.Views(symbol), BookField);

    /// <summary>
    /// A view's UTF-8 JSON exactly as the Api serves it, the data's version (for ETags) and when it was collected, in
    /// one round trip; null when the market is unknown.
    /// </summary>
    public async Task<StoredView?> GetViewAsync(string symbol, string field, CancellationToken cancellationToken)
    {
        // The client's own timeout is checked on a heartbeat, up to a second late: bound the wait here.
        var values = await Db.HashGetAsync(RedisKeys.Views(symbol), [field, VersionField, CollectedAtField, FreshUntilField]).WaitAsync(ReadTimeout, cancellationToken);
        return values[0].IsNull || values[1].IsNull
            ? null
            : new StoredView((byte[])values[0]!, values[1]!, Time(values[2]), Time(values[3]));
    }

    // A missing field reads as 0 through TryParse: it is no time.
    private static DateTimeOffset? Time(RedisValue value) =>
        !value.IsNull && value.TryParse(out long ticks) && ticks is >= 0 and <= MaxTicks ? new DateTimeOffset(ticks, TimeSpan.Zero) : null;

    /// <summary>
    /// The market view as <see cref="GetViewAsync"/> reads it and the book levels' JSON, in one round trip: what a
    /// stream of the market sends; null when the market is unknown.
    /// </summary>
    public async Task<(StoredView Market, byte[]? Book)?> GetMarketAndBookAsync(string symbol, CancellationToken cancellationToken)
    {
        var values = await Db.HashGetAsync(
            RedisKeys.Views(symbol), [StoredViews.Field(StoredViewKind.Market), VersionField, CollectedAtField, FreshUntilField, BookField])
            .WaitAsync(ReadTimeout, cancellationToken);
        return values[0].IsNull || values[1].IsNull
            ? null
            : (new StoredView((byte[])values[0]!, values[1]!, Time(values[2]), Time(values[3])), values[4].IsNull ? null : (byte[])values[4]!);
    }

    public async Task<IReadOnlyList<HistoryPoint>> GetHistoryAsync(string symbol, DateTimeOffset from, DateTimeOffset to)
    {
        var values = await Db.SortedSetRangeByScoreAsync(
            RedisKeys.History(symbol), from.ToUnixTimeMilliseconds(), to.ToUnixTimeMilliseconds());
        var points = new List<HistoryPoint>(values.Length);
        foreach (var value in values)
        {
            try
            {
                points.Add(HistoryPointCodec.Decode((byte[])value!));
            }
            catch (JsonException ex)
            {
                StoredRecord.LogUnreadable(logger, RedisKeys.History(symbol), ex.Message);
            }
        }

        return points;
    }

    public async Task<IReadOnlyList<MarketSummary>> ListAsync()
    {
        var entries = await Db.HashGetAllAsync(RedisKeys.MarketIndex);
        return entries
            .Select(e => StoredRecord.Decode(e.Value, StorageJsonContext.Default.MarketSummary, logger, RedisKeys.MarketIndex, e.Name))
            .OfType<MarketSummary>()
            .OrderBy(s => s.Symbol, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The depth each market is asked for next, by normalized id; a value that is not a depth is left out.</summary>
    public async Task<IReadOnlyDictionary<string, int>> GetDepthsAsync() =>
        (await Db.HashGetAllAsync(RedisKeys.Depths))
            .Where(e => e.Value.TryParse(out int depth) && depth > 0)
            .ToDictionary(e => e.Name.ToString(), e => (int)e.Value, StringComparer.Ordinal);

    public Task SetDepthAsync(string symbol, int depth) => Db.HashSetAsync(RedisKeys.Depths, RedisKeys.Normalize(symbol), depth);

    public async Task<IReadOnlyList<string>> GetSymbolsAsync()
    {
        var keys = await Db.HashKeysAsync(RedisKeys.MarketIndex);
        return keys.Select(k => k.ToString()).ToList();
    }

    /// <summary>
    /// Removes markets the exchange no longer lists as open: the index row first (readers stop listing it),
    /// then snapshot, levels and history in one step per symbol (their slot).
    /// </summary>
    public async Task RemoveAsync(IReadOnlyCollection<string> symbols)
    {
        if (symbols.Count == 0)
        {
            return;
        }

        RedisValue[] ids = [.. symbols.Select(s => (RedisValue)RedisKeys.Normalize(s))];
        await Db.HashDeleteAsync(RedisKeys.MarketIndex, ids);
        await Db.HashDeleteAsync(RedisKeys.Depths, ids);
        await Task.WhenAll(symbols.Select(s => Db.KeyDeleteAsync([RedisKeys.Market(s), RedisKeys.Views(s), RedisKeys.History(s)])));
    }

    /// <summary>
    /// Closes markets the venue no longer lists with a live book: each keeps its snapshot, book and history; its market
    /// view and index row say <c>status: "closed"</c> and when (the view under a new version, so no client keeps the
    /// open one by its ETag); its original views go, so the original's routes answer it as unknown, as the original
    /// did. A market already closed, or unknown, is left as it is. The next save of the market opens it again.
    /// </summary>
    public async Task CloseAsync(IReadOnlyCollection<string> symbols, DateTimeOffset at)
    {
        foreach (var symbol in symbols)
        {
            var row = StoredRecord.Decode(
                await Db.HashGetAsync(RedisKeys.MarketIndex, RedisKeys.Normalize(symbol)), StorageJsonContext.Default.MarketSummary, logger,
                RedisKeys.MarketIndex, RedisKeys.Normalize(symbol));
            if (row is null || MarketStatus.IsClosed(row.Status))
            {
                continue;
            }

            var views = await Db.HashGetAsync(RedisKeys.Views(symbol), [StoredViews.Field(StoredViewKind.Market), VersionField]);
            var transaction = Db.CreateTransaction();
            if (!views[0].IsNull && !views[1].IsNull
                && StoredRecord.Decode(views[0], ViewJsonContext.Default.MarketView, logger, RedisKeys.Views(symbol), StoredViews.Field(StoredViewKind.Market)) is { } view)
            {
                _ = transaction.HashSetAsync(RedisKeys.Views(symbol), [
                    new(StoredViews.Field(StoredViewKind.Market), JsonSerializer.SerializeToUtf8Bytes(
                        view with { Status = MarketStatus.Closed, ClosedAt = at }, ViewJsonContext.Default.MarketView)),
                    new(VersionField, StoredViews.ClosedVersion(views[1]!)),
                ]);
            }

            _ = transaction.HashDeleteAsync(RedisKeys.Views(symbol), OriginalViewFields);
            if (!await transaction.ExecuteAsync())
            {
                throw new InvalidOperationException($"Redis refused to close {symbol}");
            }

            await Db.HashSetAsync(
                RedisKeys.MarketIndex, RedisKeys.Normalize(symbol),
                Serialize(row with { Status = MarketStatus.Closed, ClosedAt = at }, StorageJsonContext.Default.MarketSummary));
            await AnnounceAsync(symbol, new(MarketChange.Closed, null, MarketStatus.Closed, null, DateTimeOffset.UtcNow));
        }
    }

    /// <summary>
    /// Drops history older than the retention for every market, and removes markets closed before it (their history
    /// is gone by then); the maintenance job calls it.
    /// </summary>
    public async Task<long> PruneHistoryAsync(DateTimeOffset olderThan, CancellationToken cancellationToken)
    {
        await RemoveAsync([.. (await ListAsync()).Where(m => MarketStatus.IsClosed(m.Status) && m.ClosedAt < olderThan).Select(m => m.Symbol)]);
        long removed = 0;
        foreach (var symbol in await GetSymbolsAsync())
        {
            cancellationToken.ThrowIfCancellationRequested();
            removed += await Db.SortedSetRemoveRangeByScoreAsync(
                RedisKeys.History(symbol), double.NegativeInfinity, olderThan.ToUnixTimeMilliseconds(), Exclude.Stop);
        }

        return removed;
    }

    public Task PublishChangedAsync(string runId) =>
        redis.GetSubscriber().PublishAsync(RedisChannel.Literal(RedisKeys.MarketsChangedChannel), runId);

    public const string BookField = "book";

    private static readonly RedisValue[] OriginalViewFields =
        [StoredViews.Field(StoredViewKind.Compat), StoredViews.Field(StoredViewKind.CompatBids), StoredViews.Field(StoredViewKind.CompatAsks)];
    private static readonly TimeSpan ReadTimeout = TimeSpan.FromMilliseconds(800);
    private const string VersionField = "version";

    /// <summary>The data's collection time in UTC ticks, beside the views it was written with.</summary>
    private const string CollectedAtField = "collected-at";

    /// <summary>A live book's views: UTC ticks of when they turn stale unless written again.</summary>
    private const string FreshUntilField = "fresh-until";

    private const long MaxTicks = 3155378975999999999;

    private static HashEntry[] ViewEntries(MarketAnalysis analysis) =>
    [
        .. StoredViews.From(analysis.Snapshot).Select(v => new HashEntry(v.Field, v.Json)),
        new(BookField, Serialize(analysis.Levels, StorageJsonContext.Default.BookLevels)),
        new(VersionField, StoredViews.Version(analysis.Snapshot.CollectedAt)),
        new(CollectedAtField, analysis.Snapshot.CollectedAt.UtcTicks),
    ];

    private static byte[] Serialize<T>(T value, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> type) =>
        JsonSerializer.SerializeToUtf8Bytes(value, type);
}

/// <summary>A view's bytes as stored, the version of the data it shows, and when that data was collected (null if not stored).</summary>
/// <remarks><see cref="FreshUntil"/> is set for a live book's views: when it turns stale unless written again.</remarks>
public sealed record StoredView(byte[] Json, string Version, DateTimeOffset? CollectedAt = null, DateTimeOffset? FreshUntil = null);
