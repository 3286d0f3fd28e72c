using System.Collections.Immutable;
using System.ComponentModel;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Markets;

namespace CryptApp.Api.ReadModel;

/// <summary>
/// Every venue's status as the Worker last wrote it, as one immutable value (HybridCache then keeps it
/// as it is in memory), and the staleness rule that needs each venue's interval.
/// </summary>
[ImmutableObject(true)]
public sealed record VenueStatusIndex(ImmutableArray<VenueStatus> Statuses, TimeSpan? LiveStaleAfter = null)
{
    /// <summary>
    /// When the market turns stale: a live book's (<c>source</c> stream) once no update was written for
    /// <see cref="LiveStaleAfter"/> (<c>Stream:StaleAfter</c>), any other by its venue's rule.
    /// </summary>
    public DateTimeOffset? StaleAt(MarketSummary market) =>
        market.Source == MarketSources.Stream && LiveStaleAfter is { } after ? market.CollectedAt + after : StaleAt(market.Venue!, market.CollectedAt);

    public bool? IsStale(MarketSummary market, DateTimeOffset now) => StaleAt(market) is { } at ? now > at : null;

    public VenueStatus? Find(string venue) =>
        Statuses.FirstOrDefault(s => string.Equals(s.Id, venue, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Stale: collected longer ago than twice its venue's interval. Null when the venue has reported no
    /// interval (no status yet): unknown, which the pair figures count as fresh.
    /// </summary>
    public bool? IsStale(string venue, DateTimeOffset collectedAt, DateTimeOffset now) =>
        StaleAt(venue, collectedAt) is { } at ? now > at : null;

    /// <summary>When a market collected at <paramref name="collectedAt"/> turns stale; null when its venue has no interval.</summary>
    public DateTimeOffset? StaleAt(string venue, DateTimeOffset collectedAt) =>
        Find(venue)?.Interval is { } interval && interval > TimeSpan.Zero ? collectedAt + 2 * interval : null;
}
