namespace CryptApp.Core.Streaming;

/// <summary>Where a live book stands. Only a <see cref="Live"/> book is served and published.</summary>
public enum BookState
{
    /// <summary>Its connection is not open or not subscribed yet.</summary>
    Connecting,

    /// <summary>Updates arrive and are kept (bounded) until a snapshot to apply them to is in (Binance).</summary>
    Buffering,

    /// <summary>Waiting for the venue's snapshot.</summary>
    Syncing,

    /// <summary>Snapshot applied and every update since in sequence.</summary>
    Live,

    /// <summary>In sequence, but no update carrying the venue's time was applied within the stale bound.</summary>
    Stale,

    /// <summary>A gap, a checksum failure or a crossed book cleared it; a new snapshot is asked for.</summary>
    Resyncing,
}
