using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Venues;
using CryptApp.Worker.Runs;

namespace CryptApp.Worker.Etl;

/// <summary>
/// How the venues' parts make one run: counts summed, errors listed venue by venue, and the status
/// Succeeded when every enabled venue succeeded, Failed when every one failed (the reason lists them),
/// else PartiallySucceeded; Canceled when the run itself was canceled (a part stopped for any other reason,
/// e.g. its Worker lost its lease, counts as failed). With one venue enabled the run is exactly that venue's
/// part, status, reason, counts and errors alike. Disabled venues are listed as skipped.
/// </summary>
public static class VenueRuns
{
    /// <summary>The run's counts from its parts' results (so far), with every venue's line in catalogue order.</summary>
    public static RunCounts Counts(IReadOnlyList<PartResult> parts, IReadOnlyList<VenueDefinition> disabled)
    {
        var (errors, omitted) = RunErrors.Cap(parts.SelectMany(p => p.Counts.Errors), parts.Sum(p => p.Counts.ErrorsOmitted));
        return new(
            parts.Sum(p => p.Counts.SymbolsTotal),
            parts.Sum(p => p.Counts.SymbolsDone),
            parts.Sum(p => p.Counts.SymbolsSucceeded),
            parts.Sum(p => p.Counts.SymbolsFailed),
            parts.Sum(p => p.Counts.EntriesAccepted),
            parts.Sum(p => p.Counts.EntriesRejected),
            errors,
            parts.Select(p => p.Venue).Concat(disabled.Select(VenueRun.Disabled)).OrderBy(v => Order(v.Venue)).ToList(),
            omitted);
    }

    public static RunOutcome Outcome(IReadOnlyList<PartResult> parts, IReadOnlyList<VenueDefinition> disabled, bool canceled = false)
    {
        if (canceled)
        {
            return new RunOutcome(RunStatus.Canceled, null, Counts(parts, disabled));
        }

        parts = parts.Select(p => p.Status is RunStatus.Canceled ? AsFailed(p, $"stopped: {p.Reason}") : p).ToList();
        var counts = Counts(parts, disabled);
        if (parts.Count == 0)
        {
            return new RunOutcome(RunStatus.Failed, "no venue enabled", counts);
        }

        if (parts.Count == 1)
        {
            return new RunOutcome(parts[0].Status, parts[0].Reason, counts);
        }

        if (parts.All(p => p.Status is RunStatus.Succeeded))
        {
            return new RunOutcome(RunStatus.Succeeded, null, counts);
        }

        var failed = parts.All(p => p.Status is RunStatus.Failed);
        var reasons = string.Join("; ", parts
            .Where(p => p.Status is not RunStatus.Succeeded)
            .Select(p => $"{p.Venue.Venue}: {p.Reason}"));
        return failed
            ? new RunOutcome(RunStatus.Failed, $"every venue failed: {reasons}", counts)
            : new RunOutcome(RunStatus.PartiallySucceeded, reasons, counts);
    }

    /// <summary>
    /// A part as its owner last saw it, made final: its own result when it ended; else what settled it
    /// (a dead Worker, a cancel, the wait running out: <paramref name="unfinished"/>), over its last counts.
    /// </summary>
    public static PartResult Settle(string venue, PartState? part, string unfinished)
    {
        if (part?.Result is { } result && result.Status.IsFinal())
        {
            return result;
        }

        var status = part is { Status: RunStatus.Failed or RunStatus.Canceled } ? part.Status : RunStatus.Failed;
        var reason = part is { Status: RunStatus.Failed or RunStatus.Canceled, Reason: { } settled } ? settled
            : part is null ? "the part's record is gone (Redis lost its data)"
            : unfinished;
        var counts = part?.Result?.Counts ?? RunCounts.None;
        var error = new RunError(venue == VenueIds.Blockchain ? RunProgress.RunWide : $"{venue}:{RunProgress.RunWide}", reason);
        counts = counts with { Errors = [.. counts.Errors, error] };
        var line = new VenueOutcome(
            venue, status.ToString(), counts.SymbolsTotal, counts.SymbolsSucceeded, counts.SymbolsFailed,
            [.. part?.Result?.Venue.Errors ?? [], new RunError(RunProgress.RunWide, reason)], part?.Owner, part?.Attempt ?? 1);
        return new PartResult(status, reason, counts, line);
    }

    /// <summary>A part recorded as failed with <paramref name="reason"/>, its venue line saying so.</summary>
    public static PartResult AsFailed(PartResult part, string reason) =>
        part with { Status = RunStatus.Failed, Reason = reason, Venue = part.Venue with { Status = nameof(RunStatus.Failed) } };

    private static int Order(string venue)
    {
        for (var i = 0; i < VenueCatalog.All.Count; i++)
        {
            if (VenueCatalog.All[i].Id == venue)
            {
                return i;
            }
        }

        return int.MaxValue;
    }
}
