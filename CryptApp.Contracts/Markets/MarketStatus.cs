namespace CryptApp.Contracts.Markets;

/// <summary>
/// A market's <c>status</c>: <see cref="Open"/> while its venue lists it with a live book; <see cref="Closed"/> once
/// it does not (delisted, halted, no longer configured), kept with its last snapshot and its history until the
/// history retention has passed, and open again with that history when the venue lists it again.
/// </summary>
public static class MarketStatus
{
    public const string Open = "open";

    public const string Closed = "closed";

    /// <summary>Rows written without a status are open ones.</summary>
    public static bool IsClosed(string? status) => status == Closed;
}
