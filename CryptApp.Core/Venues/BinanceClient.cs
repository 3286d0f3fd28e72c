using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>
/// Binance spot: <c>/api/v3/exchangeInfo</c> (open when <c>status</c> is <c>TRADING</c>) and
/// <c>/api/v3/depth</c> (<c>[price, qty]</c> strings, no timestamp). Requests are weighed, so each tells
/// the gate its weight.
/// </summary>
public sealed class BinanceClient(HttpClient http, VenueOptions options) : L2VenueClient(http, options), Streaming.IRestSnapshots
{
    /// <summary>
    /// developers.binance.com spot REST "LIMITS": REQUEST_WEIGHT 6000 per minute per IP, reported back in
    /// <c>X-MBX-USED-WEIGHT-1M</c>; depth serves at most 5000 levels. <c>data-api.binance.vision</c> is Binance's host for
    /// public market data only (same paths): <c>api.binance.com</c> answers 451 from restricted regions.
    /// </summary>
    public static VenueDefinition Definition { get; } = new()
    {
        Id = VenueIds.Binance,
        Name = "Binance",
        DisplayName = "Binance",
        RestUrl = new("https://data-api.binance.vision"),
        StreamUrl = new("wss://stream.binance.com:9443/ws"),
        Feed = (instruments, depth) => new Streaming.BinanceFeed(instruments, depth),
        // The REST snapshot a book is spliced onto: weight 50 at 1,000 levels.
        StreamDepth = 1000,
        StreamDepths = [100, 500, 1000, 5000],
        StreamConnectBudget = 300,
        StreamConnectWindow = TimeSpan.FromMinutes(5),
        DefaultSymbols = "BTC-USDT,ETH-USDT,SOL-USDT,XRP-USDT,DOGE-USDT,BNB-USDT",
        Budget = 6000,
        BudgetWindow = TimeSpan.FromMinutes(1),
        MaxDepth = 5000,
        DepthTiers = [100, 500, 1000, 5000],
        UsedWeightHeader = "X-MBX-USED-WEIGHT-1M",
        LiveStatuses = new HashSet<string>(["TRADING"], StringComparer.Ordinal),
        Client = (http, options) => new BinanceClient(http, options),
    };

    public override VenueDefinition Venue => Definition;

    protected override string InstrumentsPath => "api/v3/exchangeInfo";

    protected override double InstrumentsCost => 20;

    protected override string BookRoute => "/api/v3/depth";

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

    /// <summary>The depth snapshot a live book is spliced onto, as Binance's JSON (exact, with <c>lastUpdateId</c>).</summary>
    public async Task<byte[]> GetSnapshotAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken)
    {
        var levels = Math.Clamp(depth, 1, Venue.MaxDepth);
        using var document = await GetJsonAsync(BookPath(instrument.VenueSymbol, levels), BookRoute, BookCost(levels), cancellationToken);
        return System.Text.Encoding.UTF8.GetBytes(document.RootElement.GetRawText());
    }

    internal override IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root) =>
        JsonFields.Rows(JsonFields.Array(root, "symbols", "Binance exchangeInfo"), "symbol", "baseAsset", "quoteAsset", "status")
            .Select(r => Instrument(r.Base, r.Quote, r.Symbol, r.Status,
                Venue.IsLive(r.Status) && !(r.Row.TryGetProperty("isSpotTradingAllowed", out var spot) && spot.ValueKind == JsonValueKind.False)))
            .ToList();

    internal override VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth)
    {
        const string what = "Binance depth";
        return Book(instrument, JsonFields.Property(root, "bids", what), JsonFields.Property(root, "asks", what), depth, exchangeTime: null);
    }
}
