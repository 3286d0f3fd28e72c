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

    /// <summary>String: one market's aggregated book levels as JSON.</summary>
    public static string Book(string symbol) => $"{Prefix}book:{Normalize(symbol)}";

    /// <summary>Sorted set: one market's history points, scored by unix milliseconds.</summary>
    public static string History(string symbol) => $"{Prefix}history:{Normalize(symbol)}";

    /// <summary>String: one run record as JSON.</summary>
    public static string Run(string id) => $"{Prefix}run:{id}";

    /// <summary>Sorted set: run ids scored by start time (unix milliseconds), for newest-first listing.</summary>
    public const string RunIndex = Prefix + "runs";

    /// <summary>Hash: job name → job info JSON (schedule, previous and next fire).</summary>
    public const string JobCatalog = Prefix + "jobs";

    /// <summary>Hash: normalized symbol → market summary JSON, the list of collected markets.</summary>
    public const string MarketIndex = Prefix + "markets";

    /// <summary>Pub/sub channel: the Worker announces that a run changed market data.</summary>
    public const string MarketsChangedChannel = Prefix + "events:markets-changed";

    public static string Normalize(string symbol) => symbol.ToUpperInvariant();
}
