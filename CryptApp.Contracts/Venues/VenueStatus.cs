namespace CryptApp.Contracts.Venues;

/// <summary>
/// One venue as the Worker last saw it (<c>GET /api/v1/exchanges</c>): whether it is collected, when it
/// last succeeded, its last error, how many markets it has, and its rate budget.
/// </summary>
public sealed record VenueStatus(
    string Id,
    string Name,
    bool Enabled,
    DateTimeOffset? LastSuccessAt,
    string? LastError,
    int MarketsCount,
    DateTimeOffset? LastErrorAt = null,
    TimeSpan? Interval = null,
    VenueBudgetStatus? Budget = null,
    VenueStreamStatus? Stream = null,
    int? AuditMismatches = null);

/// <summary>
/// A venue's rate budget as its gate last reported it: <see cref="Available"/> of <see cref="Budget"/>
/// per <see cref="Window"/> (requests, or weight where the venue counts weight), and any pause or ban.
/// </summary>
public sealed record VenueBudgetStatus(
    double Budget,
    TimeSpan Window,
    double Available,
    long Requests,
    long Throttled,
    int? VenueUsedWeight,
    DateTimeOffset? PausedUntil,
    DateTimeOffset? BannedUntil);
