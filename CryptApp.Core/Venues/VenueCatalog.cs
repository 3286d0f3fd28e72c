namespace CryptApp.Core.Venues;

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

/// <summary>Every venue we collect, as the list of their definitions, in the order pages list them (Blockchain.com, the original's venue, first).</summary>
public static class VenueCatalog
{
    public static IReadOnlyList<VenueDefinition> All { get; } =
    [
        BlockchainClient.Definition,
        BinanceClient.Definition,
        CoinbaseClient.Definition,
        KrakenClient.Definition,
        OkxClient.Definition,
        BybitClient.Definition,
    ];

    public static VenueDefinition Blockchain => BlockchainClient.Definition;

    public static VenueDefinition Binance => BinanceClient.Definition;

    public static VenueDefinition Coinbase => CoinbaseClient.Definition;

    public static VenueDefinition Kraken => KrakenClient.Definition;

    public static VenueDefinition Okx => OkxClient.Definition;

    public static VenueDefinition Bybit => BybitClient.Definition;

    /// <summary>The venues whose books are L2 levels.</summary>
    public static IReadOnlyList<VenueDefinition> L2Venues { get; } = [.. All.Where(v => !v.ServesL3)];

    /// <summary>The venue with this id, ignoring case; null when there is none.</summary>
    public static VenueDefinition? Find(string? id) =>
        All.FirstOrDefault(v => string.Equals(v.Id, id, StringComparison.OrdinalIgnoreCase));

    public static VenueDefinition Get(string id) =>
        Find(id) ?? throw new ArgumentException(
            $"unknown venue '{id}'; known venues: {string.Join(", ", All.Select(v => v.Id))}", nameof(id));
}
