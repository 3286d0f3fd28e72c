using System.Collections.Immutable;
using System.ComponentModel;
using CryptApp.Contracts.Exchanges;

namespace CryptApp.Api.Venues;

/// <summary>
/// Every venue's status as the Worker last wrote it, as one immutable value (HybridCache then keeps it
/// as it is in memory), and the staleness rule that needs each venue's interval.
/// </summary>
[ImmutableObject(true)]
public sealed record ExchangeIndex(ImmutableArray<ExchangeStatus> Statuses)
{
    public ExchangeStatus? Find(string venue) =>
        Statuses.FirstOrDefault(s => string.Equals(s.Id, venue, StringComparison.OrdinalIgnoreCase));

    /// <summary>
    /// Stale: collected longer ago than twice its venue's interval. Null when the venue has reported no
    /// interval (no status yet): unknown, which the pair figures count as fresh.
    /// </summary>
    public bool? IsStale(string venue, DateTimeOffset collectedAt, DateTimeOffset now) =>
        Find(venue)?.Interval is { } interval && interval > TimeSpan.Zero ? now - collectedAt > 2 * interval : null;
}
