namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// A venue we collect from: <see cref="Id"/> is the lower-case id used in market ids
/// (<c>binance:BTC-USDT</c>), <see cref="Name"/> the configuration section under <c>Exchanges</c>.
/// </summary>
public sealed record VenueInfo(string Id, string Name, string DisplayName)
{
    public string SectionName => $"{VenueOptions.SectionPrefix}:{Name}";
}

/// <summary>The venue ids, as constants for code that names one venue.</summary>
public static class VenueIds
{
    public const string Blockchain = "blockchain";
    public const string Binance = "binance";
    public const string Coinbase = "coinbase";
    public const string Kraken = "kraken";
    public const string Okx = "okx";
    public const string Bybit = "bybit";
}

/// <summary>Every venue we know, in the order pages list them (Blockchain.com, the original's venue, first).</summary>
public static class VenueCatalog
{
    public static readonly VenueInfo Blockchain = new(VenueIds.Blockchain, "Blockchain", "Blockchain.com");
    public static readonly VenueInfo Binance = new(VenueIds.Binance, "Binance", "Binance");
    public static readonly VenueInfo Coinbase = new(VenueIds.Coinbase, "Coinbase", "Coinbase Exchange");
    public static readonly VenueInfo Kraken = new(VenueIds.Kraken, "Kraken", "Kraken");
    public static readonly VenueInfo Okx = new(VenueIds.Okx, "Okx", "OKX");
    public static readonly VenueInfo Bybit = new(VenueIds.Bybit, "Bybit", "Bybit");

    public static IReadOnlyList<VenueInfo> All { get; } = [Blockchain, Binance, Coinbase, Kraken, Okx, Bybit];

    /// <summary>The venue with this id, ignoring case; null when there is none.</summary>
    public static VenueInfo? Find(string? id) =>
        All.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.OrdinalIgnoreCase));

    public static VenueInfo Get(string id) =>
        Find(id) ?? throw new ArgumentException(
            $"unknown venue '{id}'; known venues: {string.Join(", ", All.Select(v => v.Id))}", nameof(id));
}
