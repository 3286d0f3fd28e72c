using System.Text.Json.Serialization;

namespace CryptApp.Contracts.Jobs;

/// <summary>
/// What one run did at one venue (<c>venues</c> of a run record): <see cref="Status"/> is
/// <c>Succeeded</c>, <c>PartiallySucceeded</c>, <c>Failed</c> (with the reason in <see cref="Errors"/>,
/// symbol <c>*</c>), <c>Canceled</c> or <c>Skipped</c> (banned or disabled); while the run goes,
/// <c>Queued</c> or <c>Running</c>. <see cref="Worker"/> is the Worker replica (<c>host:pid</c>) that
/// ran the venue's part and <see cref="Attempt"/> which try it was (a part whose Worker died is run again).
/// <see cref="Errors"/> is capped as a run's are; <see cref="ErrorsOmitted"/> counts what was left out.
/// </summary>
public sealed record VenueOutcome(
    [property: JsonPropertyName("exchange")] string Venue,
    string Status,
    int SymbolsTotal,
    int SymbolsSucceeded,
    int SymbolsFailed,
    IReadOnlyList<RunError> Errors,
    string? Worker = null,
    int Attempt = 1,
    int ErrorsOmitted = 0,
    int Audited = 0,
    int AuditMismatches = 0);
