using CryptApp.Contracts.Jobs;

namespace CryptApp.Core.Jobs;

/// <summary>
/// What a venue part reports, while it runs and when it ends: its status (<c>Running</c> until it
/// ends), why it ended so, its counts (errors already named as the run record lists them) and the
/// venue's line of the run record.
/// </summary>
public sealed record PartResult(RunStatus Status, string? Reason, RunCounts Counts, VenueOutcome Venue);

/// <summary>A venue part as its run's owner reads it back: where it stands, who runs it, and its latest result.</summary>
public sealed record PartState(
    string Venue,
    RunStatus Status,
    string? Owner,
    int Attempt,
    string? Reason,
    DateTimeOffset? QueuedAt,
    PartResult? Result);

/// <summary>A part a Worker took: run it, under its lease, as attempt <see cref="Attempt"/>, in the run's trace.</summary>
public sealed record TakenPart(string RunId, string Venue, int Attempt, string? TraceParent = null)
{
    public string Id => PartIds.Of(RunId, Venue);
}

/// <summary>How a venue part lost to a dead Worker was settled.</summary>
public sealed record LostPart(string PartId, bool Requeued, string LostOwner);

public static class PartIds
{
    public static string Of(string runId, string venue) => $"{runId}:{venue}";

    /// <summary>Whether <paramref name="partId"/> is a part of run <paramref name="runId"/>.</summary>
    public static bool IsOf(string partId, string runId) =>
        partId.Length > runId.Length && partId[runId.Length] == ':' && partId.StartsWith(runId, StringComparison.Ordinal);
}
