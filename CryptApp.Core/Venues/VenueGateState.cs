namespace CryptApp.Core.Venues;

/// <summary>
/// A snapshot of one venue's gate, for the Exchanges page and API: how much of the budget is free,
/// whether the venue asked us to pause or banned us, and the last thing that went wrong.
/// </summary>
public sealed record VenueGateState(
    string Venue,
    double Budget,
    TimeSpan BudgetWindow,
    double Available,
    long Requests,
    long Throttled,
    int? VenueUsedWeight,
    DateTimeOffset? PausedUntil,
    DateTimeOffset? BannedUntil,
    string? LastError,
    DateTimeOffset? LastErrorAt)
{
    public bool Banned => BannedUntil is not null;
}
