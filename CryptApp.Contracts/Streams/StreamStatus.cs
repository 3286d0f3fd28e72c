namespace CryptApp.Contracts.Streams;

/// <summary>
/// A stream's <c>status</c> event: the market's state changed. A pair stream sends its members' status events.
/// </summary>
/// <param name="Market">The market id (<c>binance:BTC-USDT</c>).</param>
/// <param name="State">One of <see cref="StreamStates"/>.</param>
/// <param name="Reason">Why, when known (the venue's gap or checksum failure, Redis's error).</param>
/// <param name="At">When the Api saw the change.</param>
public sealed record StreamStatus(string Market, string State, string? Reason, DateTimeOffset At);

/// <summary>The states a stream's <c>status</c> event names.</summary>
public static class StreamStates
{
    /// <summary>A live book, written within <c>Stream:StaleAfter</c>.</summary>
    public const string Live = "live";

    /// <summary>Collected by the REST run and within its venue's staleness bound.</summary>
    public const string Collected = "collected";

    /// <summary>No new data within its bound: the figures shown are old.</summary>
    public const string Stale = "stale";

    /// <summary>The live book was cleared (a gap, a checksum failure) and is being rebuilt from a new snapshot.</summary>
    public const string Resyncing = "resyncing";

    /// <summary>The venue no longer lists the market; the stream ends after this event if the market is gone.</summary>
    public const string Closed = "closed";

    /// <summary>The Api lost its data store: no update comes until it is back, then a fresh <c>snapshot</c>.</summary>
    public const string Unavailable = "unavailable";

    /// <summary>The Api is shutting down: reconnect, another replica (or this one restarted) answers.</summary>
    public const string Closing = "closing";
}
