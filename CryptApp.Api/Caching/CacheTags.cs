using CryptApp.Core.Storage;

namespace CryptApp.Api.Caching;

/// <summary>Tags shared by the output cache and HybridCache, evicted when the Worker announces new data.</summary>
public static class CacheTags
{
    /// <summary>Everything derived from market data.</summary>
    public const string Markets = "markets";

    /// <summary>Run records and the job catalogue.</summary>
    public const string Runs = "runs";

    public static string Market(string symbol) => $"market:{RedisKeys.Normalize(symbol)}";

    public const string MarketPolicy = "market-data";
    public const string RunsPolicy = "runs";
}
