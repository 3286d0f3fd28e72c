using System.Net;

namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// Builds the L2 venues' clients. Each venue gets its own <see cref="VenueRateGate"/> and handler, so
/// one venue's budget, pauses and bans never touch another's.
/// </summary>
public static class VenueClients
{
    /// <summary>The venues served by a <see cref="VenueClient"/>; Blockchain.com has its own client.</summary>
    public static IReadOnlyList<VenueInfo> L2Venues { get; } =
        [VenueCatalog.Binance, VenueCatalog.Coinbase, VenueCatalog.Kraken, VenueCatalog.Okx, VenueCatalog.Bybit];

    /// <summary>The client of <paramref name="venue"/> over <paramref name="http"/>, which must already pass through the venue's gate.</summary>
    public static VenueClient Create(string venue, HttpClient http, VenueOptions options) => VenueCatalog.Get(venue).Id switch
    {
        VenueIds.Binance => new BinanceClient(http, options),
        VenueIds.Coinbase => new CoinbaseClient(http, options),
        VenueIds.Kraken => new KrakenClient(http, options),
        VenueIds.Okx => new OkxClient(http, options),
        VenueIds.Bybit => new BybitClient(http, options),
        _ => throw new ArgumentException($"{venue} has no L2 client; Blockchain.com is served by {nameof(BlockchainVenueClient)}", nameof(venue)),
    };

    /// <summary>
    /// A client with its own HTTP stack behind <paramref name="gate"/>, for hosts without an
    /// <see cref="IHttpClientFactory"/> (tests, tools). The caller owns and disposes the returned HttpClient.
    /// </summary>
    public static (VenueClient Client, HttpClient Http) Create(string venue, VenueOptions options, VenueRateGate gate, HttpMessageHandler? primary = null)
    {
        var handler = new VenueGateHandler(gate, options)
        {
            InnerHandler = primary ?? new SocketsHttpHandler { AutomaticDecompression = DecompressionMethods.All },
        };
        var http = new HttpClient(handler);
        VenueClient.Configure(http, options);
        return (Create(venue, http, options), http);
    }
}
