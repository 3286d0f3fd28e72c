using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>
/// Bybit spot: <c>/v5/market/instruments-info?category=spot</c> (open when <c>status</c> is
/// <c>Trading</c>) and <c>/v5/market/orderbook</c> (<c>b</c>/<c>a</c> as <c>[price, size]</c> strings,
/// <c>ts</c> Unix milliseconds). Every answer is <c>{"retCode": 0, "retMsg": "OK", "result": {...}}</c>;
/// any other retCode is the venue refusing.
/// </summary>
public sealed class BybitClient(HttpClient http, VenueOptions options) : L2VenueClient(http, options)
{
    /// <summary>
    /// bybit-exchange.github.io/docs/v5/rate-limit: 600 requests per 5-second window per IP; a 403 "access too frequent"
    /// means stop for at least 10 minutes. The spot book serves at most 200 levels.
    /// </summary>
    public static VenueDefinition Definition { get; } = new()
    {
        Id = VenueIds.Bybit,
        Name = "Bybit",
        DisplayName = "Bybit",
        RestUrl = new("https://api.bybit.com"),
        StreamUrl = new("wss://stream.bybit.com/v5/public/spot"),
        Feed = (instruments, depth) => new Streaming.BybitFeed(instruments, depth),
        StreamDepth = 50,
        StreamDepths = Streaming.BybitFeed.Depths,
        StreamConnectBudget = 500,
        StreamConnectWindow = TimeSpan.FromMinutes(5),
        DefaultSymbols = "BTC-USDT,ETH-USDT,SOL-USDT,XRP-USDT,DOGE-USDT",
        Budget = 600,
        BudgetWindow = TimeSpan.FromSeconds(5),
        MaxDepth = 200,
        DepthTiers = [50, 200],
        BanBackoff = TimeSpan.FromMinutes(10),
        LiveStatuses = new HashSet<string>(["Trading"], StringComparer.Ordinal),
        Client = (http, options) => new BybitClient(http, options),
    };

    public override VenueDefinition Venue => Definition;

    protected override string BookRoute => "/v5/market/orderbook";

    protected override string InstrumentsPath => "v5/market/instruments-info?category=spot";

    protected override string BookPath(string venueSymbol, int depth) =>
        $"v5/market/orderbook?category=spot&symbol={Uri.EscapeDataString(venueSymbol)}&limit={depth}";

    internal override IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root) =>
        JsonFields.Rows(JsonFields.Array(Result(root, "Bybit instruments-info"), "list", "Bybit instruments-info"), "symbol", "baseCoin", "quoteCoin", "status")
            .Select(r => Instrument(r.Base, r.Quote, r.Symbol, r.Status, Venue.IsLive(r.Status)))
            .ToList();

    internal override VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth)
    {
        const string what = "Bybit orderbook";
        var result = Result(root, what);
        return Book(instrument, JsonFields.Property(result, "b", what), JsonFields.Property(result, "a", what), depth,
            JsonFields.UnixMilliseconds(result, "ts"));
    }

    private static JsonElement Result(JsonElement root, string what)
    {
        var code = JsonFields.Property(root, "retCode", what);
        if (code.ToString() != "0")
        {
            throw new VenueDataException($"{what}: Bybit retCode {code} '{JsonFields.String(root, "retMsg")}'");
        }

        return JsonFields.Property(root, "result", what);
    }
}
