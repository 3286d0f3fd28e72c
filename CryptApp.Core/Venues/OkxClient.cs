using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>
/// OKX spot: <c>/api/v5/public/instruments?instType=SPOT</c> (open when <c>state</c> is <c>live</c>) and
/// <c>/api/v5/market/books</c> (<c>[px, sz, "0", numOrders]</c>, <c>ts</c> Unix milliseconds as a string).
/// Every answer is <c>{"code": "0", "msg": "", "data": [...]}</c>; any other code is the venue refusing.
/// </summary>
public sealed class OkxClient(HttpClient http, VenueOptions options) : L2VenueClient(http, options)
{
    /// <summary>OKX API v5 "Get order book": 40 requests per 2 seconds per IP, at most 400 levels (instruments: 20 per 2 s, once a run).</summary>
    public static VenueDefinition Definition { get; } = new()
    {
        Id = VenueIds.Okx,
        Name = "Okx",
        DisplayName = "OKX",
        RestUrl = new("https://www.okx.com"),
        StreamUrl = new("wss://ws.okx.com:8443/ws/v5/public"),
        Feed = (instruments, depth) => new Streaming.OkxFeed(instruments, depth),
        StreamDepth = 400,
        StreamDepths = [400],
        StreamConnectBudget = 3,
        StreamSubscribeBudget = 480,
        StreamSubscribeWindow = TimeSpan.FromHours(1),
        DefaultSymbols = "BTC-USDT,ETH-USDT,SOL-USDT,XRP-USDT,DOGE-USDT",
        Budget = 40,
        BudgetWindow = TimeSpan.FromSeconds(2),
        MaxDepth = 400,
        DepthTiers = [100, 400],
        LiveStatuses = new HashSet<string>(["live"], StringComparer.Ordinal),
        Client = (http, options) => new OkxClient(http, options),
    };

    public override VenueDefinition Venue => Definition;

    protected override string BookRoute => "/api/v5/market/books";

    protected override string InstrumentsPath => "api/v5/public/instruments?instType=SPOT";

    protected override string BookPath(string venueSymbol, int depth) =>
        $"api/v5/market/books?instId={Uri.EscapeDataString(venueSymbol)}&sz={depth}";

    internal override IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root) =>
        JsonFields.Rows(Data(root, "OKX instruments"), "instId", "baseCcy", "quoteCcy", "state")
            .Select(r => Instrument(r.Base, r.Quote, r.Symbol, r.Status, Venue.IsLive(r.Status)))
            .ToList();

    internal override VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth)
    {
        const string what = "OKX books";
        var data = Data(root, what);
        if (data.GetArrayLength() != 1)
        {
            throw new VenueDataException($"{what} of {instrument.VenueSymbol}: expected one book in 'data', got {data.GetArrayLength()}");
        }

        var book = data[0];
        return Book(instrument, JsonFields.Property(book, "bids", what), JsonFields.Property(book, "asks", what), depth,
            JsonFields.UnixMilliseconds(book, "ts"), ordersIndex: 3);
    }

    private static JsonElement Data(JsonElement root, string what)
    {
        var code = JsonFields.Property(root, "code", what);
        if (code.ToString() != "0")
        {
            throw new VenueDataException($"{what}: OKX code {code} '{JsonFields.String(root, "msg")}'");
        }

        return JsonFields.Array(root, "data", what);
    }
}
