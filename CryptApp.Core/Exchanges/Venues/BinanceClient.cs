using System.Text.Json;

namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// Binance spot: <c>/api/v3/exchangeInfo</c> (open when <c>status</c> is <c>TRADING</c>) and
/// <c>/api/v3/depth</c> (<c>[price, qty]</c> strings, no timestamp). Requests are weighed, so each tells
/// the gate its weight.
/// </summary>
public sealed class BinanceClient(HttpClient http, VenueOptions options) : VenueClient(http, options)
{
    public override VenueInfo Venue => VenueCatalog.Binance;

    protected override string InstrumentsPath => "api/v3/exchangeInfo";

    protected override double InstrumentsCost => 20;

    protected override string BookPath(string venueSymbol, int depth) =>
        $"api/v3/depth?symbol={Uri.EscapeDataString(venueSymbol)}&limit={depth}";

    /// <summary>The weight of <c>/api/v3/depth</c> by limit, as Binance publishes it.</summary>
    protected override double BookCost(int depth) => DepthWeight(depth);

    public static int DepthWeight(int limit) => limit switch
    {
        <= 100 => 5,
        <= 500 => 25,
        <= 1000 => 50,
        _ => 250,
    };

    internal override IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root) =>
        JsonFields.Rows(JsonFields.Array(root, "symbols", "Binance exchangeInfo"), "symbol", "baseAsset", "quoteAsset", "status")
            .Select(r => Instrument(r.Base, r.Quote, r.Symbol, r.Status,
                r.Status == "TRADING" && !(r.Row.TryGetProperty("isSpotTradingAllowed", out var spot) && spot.ValueKind == JsonValueKind.False)))
            .ToList();

    internal override VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth)
    {
        const string what = "Binance depth";
        return Book(instrument, JsonFields.Property(root, "bids", what), JsonFields.Property(root, "asks", what), depth, exchangeTime: null);
    }
}
