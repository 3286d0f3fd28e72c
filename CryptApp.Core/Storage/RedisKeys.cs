namespace CryptApp.Core.Storage;

/// <summary>
/// The Redis layout, in one place. Symbols are upper-cased in keys so lookups are case-insensitive;
/// values keep the exchange's own spelling.
/// </summary>
public static class RedisKeys
{
    private const string Prefix = "cryptapp:";

    /// <summary>String: one market's snapshot as JSON.</summary>
    public static string Market(string symbol) => $"{Prefix}market:{Normalize(symbol)}";

    /// <summary>Hash: normalized symbol → market summary JSON, the list of collected markets.</summary>
    public const string MarketIndex = Prefix + "markets";

    /// <summary>Pub/sub channel: the Worker announces that a run changed market data.</summary>
    public const string MarketsChangedChannel = Prefix + "events:markets-changed";

    public static string Normalize(string symbol) => symbol.ToUpperInvariant();
}
