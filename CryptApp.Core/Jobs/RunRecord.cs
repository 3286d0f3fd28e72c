using System.Text.Json.Serialization;

namespace CryptApp.Core.Jobs;

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
}

/// <summary>A symbol that could not be collected in a run, and why.</summary>
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
    IReadOnlyList<RunError> Errors)
{
    [JsonIgnore]
    public bool IsFinal => Status is RunStatus.Succeeded or RunStatus.PartiallySucceeded or RunStatus.Failed or RunStatus.Canceled;

    public static RunRecord Start(string id, string job, string trigger, DateTimeOffset at) =>
        new(id, job, trigger, RunStatus.Running, at, null, 0, 0, 0, 0, 0, 0, []);
}
