using System.Text.Json.Serialization;

namespace CryptApp.Contracts.Jobs;

/// <summary>A symbol that could not be collected in a run, and why; <c>*</c> for the run as a whole.</summary>
public sealed record RunError(string Symbol, string Reason);

/// <summary>
/// What one run of a job did; stored in Redis and served by the Api. <see cref="Errors"/> lists every error of the run
/// or a venue as a whole and the first 100 symbol errors; <see cref="ErrorsOmitted"/> counts the symbol errors left out.
/// </summary>
public sealed record RunRecord(
    string Id,
    string Job,
    string Trigger,
    RunStatus Status,
    DateTimeOffset? StartedAt,
    DateTimeOffset? FinishedAt,
    int SymbolsTotal,
    int SymbolsDone,
    int SymbolsSucceeded,
    int SymbolsFailed,
    int EntriesAccepted,
    int EntriesRejected,
    IReadOnlyList<RunError> Errors,
    string? Reason = null,
    int Attempt = 1,
    string? RetryOf = null,
    DateTimeOffset? QueuedAt = null,
    IReadOnlyList<VenueOutcome>? Venues = null,
    int ErrorsOmitted = 0)
{
    // Derived, so not on the wire: a reader computes them from the fields it got.
    [JsonIgnore]
    public bool IsFinal => Status.IsFinal();

    [JsonIgnore]
    public TimeSpan? Duration => StartedAt is { } start && FinishedAt is { } end ? end - start : null;
}
