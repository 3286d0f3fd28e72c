using CryptApp.Contracts.Jobs;

namespace CryptApp.Core.Jobs;

/// <summary>
/// A run's progress as its Worker reports it while the run goes; <see cref="Venues"/>, each venue's
/// outcome, once the run has ended.
/// </summary>
public sealed record RunCounts(
    int SymbolsTotal,
    int SymbolsDone,
    int SymbolsSucceeded,
    int SymbolsFailed,
    int EntriesAccepted,
    int EntriesRejected,
    IReadOnlyList<RunError> Errors,
    IReadOnlyList<VenueOutcome>? Venues = null,
    int ErrorsOmitted = 0)
{
    public static readonly RunCounts None = new(0, 0, 0, 0, 0, 0, []);
}

public static class RunRecordCounts
{
    extension(RunRecord run)
    {
        /// <summary>The counters, without the state the queue's transitions own.</summary>
        public RunCounts Counts => new(
            run.SymbolsTotal, run.SymbolsDone, run.SymbolsSucceeded, run.SymbolsFailed, run.EntriesAccepted, run.EntriesRejected, run.Errors, run.Venues,
            run.ErrorsOmitted);
    }
}
