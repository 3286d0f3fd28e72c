using System.Text.Json;
using CryptApp.Api.Caching;
using CryptApp.Api.ReadModel;
using CryptApp.Contracts.Streams;
using CryptApp.Core.Pairs;

namespace CryptApp.Api.Streams;

/// <summary>
/// One pair's stream in this process: it holds its member markets' topics (so a market watched alone and in a pair is
/// read once), computes the pair as <c>GET /api/v1/pairs/{pair}</c> does when a member changes (at most once per
/// <see cref="MinInterval"/>), and passes its members' status events on.
/// </summary>
public sealed partial class PairTopic(
    string pair,
    StreamHub hub,
    ComputedViews views,
    QuoteEquivalence quotes,
    JsonSerializerOptions json,
    TimeProvider time,
    ILogger<PairTopic> logger) : StreamTopic("pair:" + pair, pair, time)
{
    private readonly Dictionary<string, (StreamTopic Topic, MemberSink Sink)> _members = new(StringComparer.Ordinal);
    private DateTimeOffset? _staleAt;
    private long _sequence;

    protected override DateTimeOffset? WakeAt => _staleAt;

    /// <summary>Member changes closer together than this are one computation.</summary>
    protected override TimeSpan MinInterval => TimeSpan.FromMilliseconds(100);

    protected override string GoneReason => "No venue lists the pair any more.";

    protected override Task CloseAsync()
    {
        foreach (var (topic, sink) in _members.Values)
        {
            topic.Remove(sink);
            hub.Release(topic);
        }

        _members.Clear();
        return Task.CompletedTask;
    }

    /// <summary>Computes the pair from its members' stored books; false when no venue lists it.</summary>
    protected override async Task<bool> RefreshAsync(bool snapshot, CancellationToken cancellationToken)
    {
        var now = Time.GetUtcNow();
        var markets = PairMarkets.Find(Name, await views.ListAsync(cancellationToken), await views.VenueStatusesAsync(cancellationToken), quotes, now);
        if (markets is null)
        {
            return false;
        }

        await FollowAsync(markets, cancellationToken);
        var levels = await views.LevelsAsync(markets);
        if (levels.Count == 0)
        {
            return false;
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(PairConsolidation.Consolidate(markets.Pair, levels), json);
        if (snapshot || Current is null || !bytes.AsSpan().SequenceEqual(Current.Json))
        {
            Publish(new TopicView((++_sequence).ToString(System.Globalization.CultureInfo.InvariantCulture), bytes), snapshot);
        }

        _staleAt = markets.Members.Where(m => !m.Stale && m.StaleAt is not null).Select(m => m.StaleAt).Min();
        SetState(markets.Live ? StreamStates.Live : StreamStates.Collected, null);
        return true;
    }

    /// <summary>Holds the members' topics, and lets go of markets that left the pair.</summary>
    private async Task FollowAsync(PairMarkets markets, CancellationToken cancellationToken)
    {
        var keys = markets.Members.Select(m => m.Key).ToHashSet(StringComparer.Ordinal);
        foreach (var gone in _members.Keys.Where(k => !keys.Contains(k)).ToList())
        {
            var (topic, sink) = _members[gone];
            topic.Remove(sink);
            hub.Release(topic);
            _members.Remove(gone);
        }

        foreach (var key in keys.Where(k => !_members.ContainsKey(k)))
        {
            if (await hub.MarketAsync(key, cancellationToken) is { } topic)
            {
                var sink = new MemberSink(this);
                _members[key] = (topic, sink);
                topic.Add(sink);
            }
        }
    }

    /// <summary>A member market's changes: a new computation of the pair, and its status events passed on.</summary>
    private sealed class MemberSink(PairTopic pair) : ITopicSink
    {
        private bool _joined;

        public void OfferView(TopicView view, bool snapshot)
        {
            // The member's snapshot on joining is what the pair was just computed from.
            if (_joined || !snapshot)
            {
                pair.Signal();
            }

            _joined = true;
        }

        public void OfferStatus(byte[] statusEvent)
        {
            pair.ForwardStatus(statusEvent);
            pair.Signal();
        }

        public void Complete() => pair.Signal();
    }

    protected override void LogReadFailed(string reason) => LogReadFailed(Name, reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream of pair {Pair} cannot read the store, clients told: {Reason}")]
    private partial void LogReadFailed(string pair, string reason);
}
