using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Worker.Jobs;

namespace CryptApp.Worker.Etl;

/// <summary>
/// How the venues' parts make one run: counts summed, errors listed venue by venue, and the status
/// Succeeded when every enabled venue succeeded, Failed when every one failed (the reason lists them),
/// else PartiallySucceeded. With one venue enabled the run is exactly that venue's part, as before venues.
/// </summary>
public static class VenueRuns
{
    public static RunCounts Counts(IReadOnlyList<VenueRun> enabled, IReadOnlyList<VenueOutcome>? venues = null)
    {
        var parts = enabled.Select(v => (Run: v, Counts: v.Progress.Counts())).ToList();
        return new RunCounts(
            parts.Sum(p => p.Counts.SymbolsTotal),
            parts.Sum(p => p.Counts.SymbolsDone),
            parts.Sum(p => p.Counts.SymbolsSucceeded),
            parts.Sum(p => p.Counts.SymbolsFailed),
            parts.Sum(p => p.Counts.EntriesAccepted),
            parts.Sum(p => p.Counts.EntriesRejected),
            parts.SelectMany(p => p.Counts.Errors.Select(p.Run.InRun)).ToList(),
            venues);
    }

    public static RunOutcome Outcome(IReadOnlyList<VenueRun> enabled, IReadOnlyList<VenueOutcome> venues)
    {
        var counts = Counts(enabled, venues);
        var outcomes = enabled.Select(v => (v.Venue.Id, Outcome: v.Outcome())).ToList();
        if (outcomes.Count == 0)
        {
            return new RunOutcome(RunStatus.Failed, "no venue enabled", counts);
        }

        if (outcomes.Count == 1)
        {
            return outcomes[0].Outcome with { Counts = counts };
        }

        if (outcomes.All(o => o.Outcome.Status is RunStatus.Succeeded))
        {
            return new RunOutcome(RunStatus.Succeeded, null, counts);
        }

        var failed = outcomes.All(o => o.Outcome.Status is RunStatus.Failed);
        var reasons = string.Join("; ", outcomes
            .Where(o => o.Outcome.Status is not RunStatus.Succeeded)
            .Select(o => $"{o.Id}: {o.Outcome.Reason}"));
        return failed
            ? new RunOutcome(RunStatus.Failed, $"every venue failed: {reasons}", counts)
            : new RunOutcome(RunStatus.PartiallySucceeded, reasons, counts);
    }
}
