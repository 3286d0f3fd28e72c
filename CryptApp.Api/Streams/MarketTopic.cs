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
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly Lock _changes = new();
    private (string State, string? Reason)? _bookState;
    private (string State, string? Reason)? _unshown;
    private DateTimeOffset? _staleAt;
    private int _resume;

    public override void OnConnectionRestored()
    {
        Interlocked.Exchange(ref _resume, 1);
        Signal();
    }

    protected override async Task RunAsync(Action<bool> ready, CancellationToken cancellationToken)
    {
        var channel = RedisChannel.Literal(RedisKeys.MarketChanges(Name));
        var subscriber = redis.GetSubscriber();
        Action<RedisChannel, RedisValue> handler = (_, message) => OnAnnounced(MarketChange.Parse(message));
        await subscriber.SubscribeAsync(channel, handler);
        try
        {
            var found = await RefreshAsync(snapshot: false, cancellationToken);
            ready(found);
            if (!found)
            {
                return;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var wait = State == StreamStates.Unavailable ? RetryAfterFailure
                    : _staleAt is { } at && State is not (StreamStates.Stale or StreamStates.Closed) && at > Time.GetUtcNow()
                        ? at - Time.GetUtcNow() + TimeSpan.FromMilliseconds(1)
                    : (TimeSpan?)null;
                await WaitAsync(wait, cancellationToken);
                try
                {
                    var resume = Interlocked.Exchange(ref _resume, 0) == 1;
                    if (!await RefreshAsync(resume, cancellationToken))
                    {
                        return;
                    }
                }
                catch (Exception ex) when (RedisFailures.IsTransient(ex) || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    LogReadFailed(Name, ex.Message);
                    SetState(StreamStates.Unavailable, ex.Message);
                    Interlocked.Exchange(ref _resume, 1);
                }
            }
        }
        finally
        {
            try
            {
                await subscriber.UnsubscribeAsync(channel, handler);
            }
            catch (Exception ex) when (RedisFailures.IsTransient(ex))
            {
                // The subscription goes with the connection anyway.
            }
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
    private async Task<bool> RefreshAsync(bool snapshot, CancellationToken cancellationToken)
    {
        var read = await store.GetMarketAndBookAsync(Name, cancellationToken);
        if (read is not { } stored)
        {
            if (State is not null)
            {
                SetState(StreamStates.Closed, "The market was removed.");
                CompleteAll();
            }

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

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream of {Market} cannot read the store, clients told: {Reason}")]
    private partial void LogReadFailed(string market, string reason);
}
