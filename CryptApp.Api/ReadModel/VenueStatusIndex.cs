using System.Collections.Immutable;
using System.ComponentModel;
using CryptApp.Contracts.Venues;

namespace CryptApp.Api.ReadModel;

/// <summary>
/// Every venue's status as the Worker last wrote it, as one immutable value (HybridCache then keeps it
/// as it is in memory), and the staleness rule that needs each venue's interval.
/// </summary>
[ImmutableObject(true)]
public sealed record VenueStatusIndex(ImmutableArray<VenueStatus> Statuses)
{
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
