namespace CryptApp.Admin.Services;

/// <summary>What narrows the markets list: a search text, a venue id, a base and a quote currency; null or empty means any.</summary>
public sealed record MarketFilter(string? Search, string? Venue = null, string? Base = null, string? Quote = null);
