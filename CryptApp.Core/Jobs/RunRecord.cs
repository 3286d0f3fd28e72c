using System.Text.Json.Serialization;

namespace CryptApp.Core.Jobs;

/// <summary>
/// <c>Queued → Running → Succeeded | PartiallySucceeded | Failed | Canceled</c>; a queued run may also be
/// canceled. A run whose Worker vanished ends <c>Failed</c> with a <c>worker lost</c> reason.
/// </summary>
public enum RunStatus
{
    Queued,
    Running,
    Succeeded,
    PartiallySucceeded,
    Failed,
    Canceled,
}

public static class RunTriggers
{
    public const string Schedule = "schedule";
    public const string Manual = "manual";

    /// <summary>A Worker started while the last collection was older than its interval.</summary>
    public const string Startup = "startup";
}

/// <summary>A symbol that could not be collected in a run, and why; <c>*</c> for the run as a whole.</summary>
public sealed record RunError(string Symbol, string Reason);

/// <summary>What one run of a job did; stored in Redis and served by the Api.</summary>
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
    DateTimeOffset? QueuedAt = null)
{
    [JsonIgnore]
    public bool IsFinal => Status.IsFinal();

    /// <summary>The counters, without the state the queue's transitions own.</summary>
    [JsonIgnore]
    public RunCounts Counts => new(SymbolsTotal, SymbolsDone, SymbolsSucceeded, SymbolsFailed, EntriesAccepted, EntriesRejected, Errors);
}

/// <summary>A run's progress as its Worker reports it while the run goes.</summary>
public sealed record RunCounts(
    int SymbolsTotal,
    int SymbolsDone,
    int SymbolsSucceeded,
    int SymbolsFailed,
    int EntriesAccepted,
    int EntriesRejected,
    IReadOnlyList<RunError> Errors)
{
    public static readonly RunCounts None = new(0, 0, 0, 0, 0, 0, []);
}

public static class RunStatusExtensions
{
    public static bool IsFinal(this RunStatus status) =>
        status is RunStatus.Succeeded or RunStatus.PartiallySucceeded or RunStatus.Failed or RunStatus.Canceled;
}
