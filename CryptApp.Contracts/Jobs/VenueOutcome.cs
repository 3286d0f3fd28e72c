namespace CryptApp.Contracts.Jobs;

/// <summary>
/// What one run did at one venue (<c>venues</c> of a run record): <see cref="Status"/> is
/// <c>Succeeded</c>, <c>PartiallySucceeded</c>, <c>Failed</c> (with the reason in <see cref="Errors"/>,
/// symbol <c>*</c>) or <c>Skipped</c> (banned or disabled).
/// </summary>
public sealed record VenueOutcome(
    string Exchange,
    string Status,
    int SymbolsTotal,
    int SymbolsSucceeded,
    int SymbolsFailed,
    IReadOnlyList<RunError> Errors);
