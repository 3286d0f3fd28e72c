namespace CryptApp.Contracts.Venues;

/// <summary>
/// A venue's live books as the Worker that owns its stream last reported them: <see cref="State"/> (<c>open</c>,
/// <c>connecting</c>, <c>down: why</c>), connections made, books subscribed and live, resyncs, gaps and checksum failures
/// since that Worker started, when the last frame came, and the lag between the venue's event time and receipt of
/// recent updates (p50, p99; null where the venue sends no event time), the frames received, and the frames it could not
/// read (<see cref="Malformed"/>, the last one's error in <see cref="LastError"/>). <see cref="Owner"/> is the Worker holding the
/// stream's lease, <see cref="UpdatedAt"/> when it wrote this.
/// </summary>
public sealed record VenueStreamStatus(
    string State,
    long Connections,
    int Books,
    int Live,
    long Resyncs,
    long Gaps,
    long ChecksumFailures,
    DateTimeOffset? LastMessageAt,
    double? LagP50Ms,
    double? LagP99Ms,
    string? Owner = null,
    DateTimeOffset? UpdatedAt = null,
    long Messages = 0,
    long Malformed = 0,
    string? LastError = null);
