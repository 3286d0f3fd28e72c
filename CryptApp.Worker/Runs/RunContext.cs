using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;

namespace CryptApp.Worker.Runs;

/// <summary>What a job's work gets from the gate: its run, the trace to join, and a way to report progress.</summary>
public sealed class RunContext(string runId, JobDefinition job, string trigger, ActivityContext parent, Func<RunCounts, Task> report)
{
    public string RunId { get; } = runId;

    public JobDefinition Job { get; } = job;

    public string Trigger { get; } = trigger;

    public ActivityContext Parent { get; } = parent;

    /// <summary>The last counts reported, kept for the final record if the work throws.</summary>
    public RunCounts Counts { get; private set; } = RunCounts.None;

    public Task ReportAsync(RunCounts counts)
    {
        Counts = counts;
        return report(counts);
    }
}

/// <summary>How the work ended: a final status (or Canceled), why, and its counts.</summary>
public sealed record RunOutcome(RunStatus Status, string? Reason, RunCounts Counts);
