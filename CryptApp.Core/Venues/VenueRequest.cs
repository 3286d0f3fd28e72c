namespace CryptApp.Core.Venues;

/// <summary>What a venue client tells the handlers about one request, as <see cref="HttpRequestMessage.Options"/>.</summary>
public static class VenueRequest
{
    /// <summary>How much of the budget the request takes (Binance weight); 1 when unset.</summary>
    public static readonly HttpRequestOptionsKey<double> Cost = new("CryptApp.VenueCost");

    /// <summary>The endpoint's route template (<c>/api/v3/depth</c>, <c>/l3/{symbol}</c>): one metric series per endpoint, not per symbol.</summary>
    public static readonly HttpRequestOptionsKey<string> Route = new("CryptApp.VenueRoute");

    /// <summary>
    /// The body is read as it arrives (an L3 book of millions of orders), not buffered by the gate: the client bounds
    /// reading it by <see cref="VenueOptions.RequestTimeout"/> and <see cref="VenueOptions.MaxBodyBytes"/> itself.
    /// </summary>
    public static readonly HttpRequestOptionsKey<bool> Streamed = new("CryptApp.VenueStreamed");

    public static string RouteOf(HttpRequestMessage request) =>
        request.Options.TryGetValue(Route, out var route) ? route : "other";
}
