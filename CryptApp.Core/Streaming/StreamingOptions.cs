using System.ComponentModel.DataAnnotations;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Configuration section <c>Stream</c>: how live books are written, judged fresh and reconnected, for every venue. The
/// Worker streams by it; the Api reads <see cref="WriteInterval"/> and <see cref="StaleAfter"/> to judge and cache live markets.
/// </summary>
public sealed class StreamingOptions
{
    public const string SectionName = "Stream";

    /// <summary>The least time between two writes of one market's views; a book that did not change is not written.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:01:00")]
    public TimeSpan WriteInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>A book with no update applied for this long is stale: not written, and the REST run collects its market.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "01:00:00")]
    public TimeSpan StaleAfter { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>A book stale for this long is resynced (a new snapshot).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan ResyncAfter { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// One history point per market per this long, not one per write: by default the REST run's density, so 300 live
    /// markets × 7 days take what the history budget was measured for (193 bytes a point: about 300 MB). At 10 s the
    /// same week takes 300 × 7 × 8,640 × 193 bytes ≈ 3.5 GB.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "1.00:00:00")]
    public TimeSpan HistoryInterval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>A connection that sends no frame at all (not even a heartbeat) for this long is made again.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan SilenceTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>First wait before reconnecting; later ones double, with jitter, up to <see cref="ReconnectMaxDelay"/>.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:10:00")]
    public TimeSpan ReconnectBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    [Range(typeof(TimeSpan), "00:00:00.010", "01:00:00")]
    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>
    /// A connection older than this is replaced before the venue cuts it (Binance's at 24 h): the next is opened first,
    /// and where the feed takes both at once (Binance) the books go on without a snapshot.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "7.00:00:00")]
    public TimeSpan RotateAfter { get; set; } = TimeSpan.FromHours(23.5);

    /// <summary>How long a connection being replaced keeps reading beside the next one before it is closed.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan RotateOverlap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>REST snapshots (Binance) fetched at once per venue, each also within the venue's request budget.</summary>
    [Range(1, 64)]
    public int MaxConcurrentSnapshots { get; set; } = 4;

    /// <summary>How long a venue's stream lease lasts unrenewed: a Worker killed holding it is replaced within this and one poll.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan LeaseTime { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>How often a Worker without a venue's stream asks for its lease.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan LeasePoll { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How often the owner of a venue's stream writes its status (<c>GET /api/v1/exchanges</c>'s <c>stream</c>).</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan StatusInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest frame accepted; a bigger one ends the connection.</summary>
    [Range(1024, 256 * 1024 * 1024)]
    public int MaxFrameBytes { get; set; } = 16 * 1024 * 1024;
}
