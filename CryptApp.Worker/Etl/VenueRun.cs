using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using CryptApp.Worker.Runs;

namespace CryptApp.Worker.Etl;

/// <summary>
/// One venue's part of a run: its options, its own <see cref="RunProgress"/>, the instruments it
/// selected, and what stopped it (a ban, its deadline, a cancel), so its outcome is its own.
/// </summary>
public sealed class VenueRun(VenueDefinition venue, VenueOptions options)
{
    public VenueDefinition Venue { get; } = venue;

    public VenueOptions Options { get; } = options;

    public RunProgress Progress { get; } = new();

    /// <summary>The instruments to collect, or null while (or when) the list cannot be trusted.</summary>
    public IReadOnlyList<VenueInstrument>? Selected { get; set; }

    /// <summary>Compact ids (normalized) of every open instrument the venue listed.</summary>
    public IReadOnlySet<string> Open { get; set; } = new HashSet<string>();

    /// <summary>Banned before it was asked anything: the venue sat this run out.</summary>
    public string? SkippedReason { get; set; }

    public bool Canceled { get; set; }

    private VenueBannedException? _ban;
    private int _audited;
    private int _auditMismatches;

    /// <summary>Live markets whose REST book the run compared with their live book, and how many differed.</summary>
    public (int Audited, int Mismatches) Audits => (Volatile.Read(ref _audited), Volatile.Read(ref _auditMismatches));

    public void Audited(bool matched)
    {
        Interlocked.Increment(ref _audited);
        if (!matched)
        {
            Interlocked.Increment(ref _auditMismatches);
        }
    }

    /// <summary>Keeps the first ban met while collecting: its end goes into the venue's reason.</summary>
    public void Banned(VenueBannedException ban) => Interlocked.CompareExchange(ref _ban, ban, null);

    /// <summary>Whether a stored market (its normalized compact id) is this venue's: bare ids are Blockchain.com's.</summary>
    public bool Owns(string storedId) => string.Equals(MarketId.VenueOf(storedId), Venue.Id, StringComparison.OrdinalIgnoreCase);

    /// <summary>The venue's own outcome: what <see cref="RunProgress"/> says, with a ban's end in its reason.</summary>
    public RunOutcome Outcome()
    {
        if (SkippedReason is not null)
        {
            return new RunOutcome(RunStatus.Failed, SkippedReason, Progress.Counts());
        }

        var outcome = Progress.Outcome();
        return _ban is { } ban && outcome.Status is not RunStatus.Succeeded && !(outcome.Reason ?? "").Contains(ban.Message, StringComparison.Ordinal)
            ? outcome with { Reason = $"{outcome.Reason}; {ban.Message}" }
            : outcome;
    }

    public VenueOutcome ToVenueOutcome(string? worker = null, int attempt = 1)
    {
        var outcome = Outcome();
        var status = SkippedReason is not null ? VenueStatuses.Skipped : outcome.Status.ToString();
        var counts = outcome.Counts;
        return new VenueOutcome(
            Venue.Id, status, counts.SymbolsTotal, counts.SymbolsSucceeded, counts.SymbolsFailed, counts.Errors, worker, attempt, counts.ErrorsOmitted,
            Audits.Audited, Audits.Mismatches);
    }

    /// <summary>
    /// The part as its run's owner reads it: while it goes (<paramref name="final"/> false) <c>Running</c>
    /// with the counts so far; at its end its outcome, <c>Canceled</c> when it was stopped. The counts'
    /// errors are named as the run record lists them (<see cref="InRun"/>).
    /// </summary>
    public PartResult Result(bool final, string worker, int attempt, string? cancelReason = null)
    {
        var outcome = Outcome();
        var counts = outcome.Counts with { Errors = outcome.Counts.Errors.Select(InRun).ToList() };
        var line = ToVenueOutcome(worker, attempt);
        if (!final)
        {
            return new PartResult(RunStatus.Running, null, counts, line with { Status = nameof(RunStatus.Running) });
        }

        return Canceled
            ? new PartResult(RunStatus.Canceled, cancelReason ?? "canceled", counts, line with { Status = nameof(RunStatus.Canceled) })
            : new PartResult(outcome.Status, outcome.Reason, counts, line);
    }

    /// <summary>A disabled venue in the run record: skipped, and why.</summary>
    public static VenueOutcome Disabled(VenueDefinition venue) =>
        new(venue.Id, VenueStatuses.Skipped, 0, 0, 0, [new RunError(RunProgress.RunWide, $"disabled ({venue.SectionName}:Enabled=false)")]);

    /// <summary>A symbol's error as the run record lists it: another venue's run-wide error under <c>venue:*</c>.</summary>
    public RunError InRun(RunError error) =>
        error.Symbol == RunProgress.RunWide && Venue.Id != VenueIds.Blockchain ? error with { Symbol = $"{Venue.Id}:{RunProgress.RunWide}" } : error;

    public static string Key(VenueInstrument instrument) => RedisKeys.Normalize(instrument.MarketId.ToCompactString());
}

/// <summary>The statuses of <see cref="VenueOutcome.Status"/>.</summary>
public static class VenueStatuses
{
    public const string Skipped = "Skipped";
}
