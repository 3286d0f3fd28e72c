using CryptApp.Api.Caching;
using CryptApp.Api.ReadModel;
using CryptApp.Contracts.Streams;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using StackExchange.Redis;

namespace CryptApp.Api.Streams;

/// <summary>
/// One market's stream in this process: subscribed to the market's channel, it reads the market view and book once per
/// announced change (newest first: announcements that arrive while it reads are one more reading, not one each),
/// decides staleness as <c>GET /api/v1/markets/{id}</c> does and wakes when the view turns stale.
/// </summary>
public sealed partial class MarketTopic(
    string id,
    IConnectionMultiplexer redis,
    MarketStore store,
    ComputedViews views,
    TimeProvider time,
    ILogger<MarketTopic> logger) : StreamTopic("market:" + RedisKeys.Normalize(id), id, time)
{
    private readonly Lock _changes = new();
    private readonly RedisChannel _channel = RedisChannel.Literal(RedisKeys.MarketChanges(id));
    private (string State, string? Reason)? _bookState;
    private (string State, string? Reason)? _unshown;
    private DateTimeOffset? _staleAt;
    private Action<RedisChannel, RedisValue>? _handler;

    protected override DateTimeOffset? WakeAt => State is StreamStates.Stale or StreamStates.Closed ? null : _staleAt;

    protected override string GoneReason => "The market was removed.";

    /// <summary>Subscribed before the first reading, so no announcement falls between the two.</summary>
    protected override async Task OpenAsync()
    {
        _handler = (_, message) => OnAnnounced(MarketChange.Parse(message));
        await redis.GetSubscriber().SubscribeAsync(_channel, _handler);
    }

    protected override async Task CloseAsync()
    {
        try
        {
            await redis.GetSubscriber().UnsubscribeAsync(_channel, _handler);
        }
        catch (Exception ex) when (RedisFailures.IsTransient(ex))
        {
            // The subscription goes with the connection anyway.
        }
    }

    private void OnAnnounced(MarketChange? change)
    {
        if (change is null)
        {
            return;
        }

        lock (_changes)
        {
            _bookState = change.Kind switch
            {
                MarketChange.StateChanged when change.State is { } state => (state, change.Reason),
                MarketChange.Written => null,
                _ => _bookState,
            };

            // A resync announced and written over before the next reading is still told, then the state after it.
            if (change is { Kind: MarketChange.StateChanged, State: { } left })
            {
                _unshown = (left, change.Reason);
            }
        }

        Signal();
    }

    /// <summary>Reads the market and pushes what changed; false when the market is gone from the store.</summary>
    protected override async Task<bool> RefreshAsync(bool snapshot, CancellationToken cancellationToken)
    {
        if (await store.GetMarketAndBookAsync(Name, cancellationToken) is not { } stored)
        {
            return false;
        }

        var (market, book) = stored;
        var now = Time.GetUtcNow();
        var staleAt = market.FreshUntil
            ?? (market.CollectedAt is { } collectedAt ? (await views.VenueStatusesAsync(cancellationToken)).StaleAt(MarketId.VenueOf(Name), collectedAt) : null);
        bool? stale = staleAt is { } bound ? now > bound : null;
        var viewId = stale == true ? market.Version + ".stale" : market.Version;
        if (snapshot || Current?.Id != viewId)
        {
            Publish(new TopicView(viewId, ServedMarketJson.WithStale(market.Json, stale), book), snapshot);
        }

        _staleAt = staleAt;
        (string State, string? Reason)? bookState, unshown;
        lock (_changes)
        {
            (bookState, unshown, _unshown) = (_bookState, _unshown, null);
        }

        if (market.FreshUntil is not null && unshown is { } passed && bookState is null)
        {
            SetState(passed.State == "stale" ? StreamStates.Stale : StreamStates.Resyncing, passed.Reason ?? passed.State);
        }

        var (state, reason) = market.Version.EndsWith(".closed", StringComparison.Ordinal) ? (StreamStates.Closed, "The venue no longer lists the market.")
            : stale == true ? (StreamStates.Stale, market.FreshUntil is null ? "No collection within the venue's bound." : "No live update within Stream:StaleAfter.")
            : market.FreshUntil is not null && bookState is { State: "stale" } ? (StreamStates.Stale, "The venue sent no update carrying its time within Stream:StaleAfter.")
            : market.FreshUntil is not null && bookState is { } leftLive ? (StreamStates.Resyncing, leftLive.Reason ?? leftLive.State)
            : market.FreshUntil is not null ? (StreamStates.Live, null)
            : (StreamStates.Collected, (string?)null);
        SetState(state, reason);
        return true;
    }

    protected override void LogReadFailed(string reason) => LogReadFailed(Name, reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream of {Market} cannot read the store, clients told: {Reason}")]
    private partial void LogReadFailed(string market, string reason);
}
