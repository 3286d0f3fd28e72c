using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>
/// Kraken spot: <c>/0/public/AssetPairs</c> (collected when <c>status</c> is <c>online</c>, <c>post_only</c>,
/// <c>limit_only</c> or <c>reduce_only</c>, which all match orders on a live book; not in <c>cancel_only</c>,
/// <c>delisted</c>, <c>maintenance</c> or <c>work_in_progress</c>; base and quote through <see cref="KrakenAssets"/>) and <c>/0/public/Depth</c> (<c>[price, volume, timestamp]</c>).
/// Both wrap their result as <c>{"error": [...], "result": {...}}</c>; a non-empty <c>error</c> is the
/// venue refusing. Depth's result is keyed by the pair's legacy name (<c>XXBTZUSD</c> for a request of
/// <c>XBTUSD</c>), so the single key is taken, whatever it is.
/// </summary>
public sealed class KrakenClient(HttpClient http, VenueOptions options) : L2VenueClient(http, options)
{
    /// <summary>
    /// Kraken support "What are the API rate limits": public REST about 1 call per second per IP; Depth serves at most
    /// 500 levels; "too many calls" comes inside a 200 (docs.kraken.com "Errors" guide).
    /// </summary>
    public static VenueDefinition Definition { get; } = new()
    {
        Id = VenueIds.Kraken,
        Name = "Kraken",
        DisplayName = "Kraken",
        RestUrl = new("https://api.kraken.com"),
        StreamUrl = new("wss://ws.kraken.com/v2"),
        Feed = (instruments, depth) => new Streaming.KrakenFeed(instruments, depth),
        StreamDepth = 100,
        StreamDepths = Streaming.KrakenFeed.Depths,
        StreamConnectBudget = 1,
        DefaultSymbols = "BTC-USD,ETH-USD,SOL-USD,XRP-USD,DOGE-USD,BTC-USDT",
        Budget = 1,
        BudgetWindow = TimeSpan.FromSeconds(1),
        MaxDepth = 500,
        DepthTiers = [100, 500],
        InBandRateLimitErrors = ["EAPI:Rate limit exceeded", "EGeneral:Too many requests"],
        LiveStatuses = new HashSet<string>(["online", "post_only", "limit_only", "reduce_only"], StringComparer.Ordinal),
        Client = (http, options) => new KrakenClient(http, options),
    };

    public override VenueDefinition Venue => Definition;

    protected override string BookRoute => "/0/public/Depth";

    protected override string InstrumentsPath => "0/public/AssetPairs";

    protected override string BookPath(string venueSymbol, int depth) =>
        $"0/public/Depth?pair={Uri.EscapeDataString(venueSymbol)}&count={depth}";

    private static int? Decimals(JsonElement pair, string name) =>
        pair.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var digits) && digits is >= 0 and <= 28
            ? digits
            : null;

    internal override IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root)
    {
        var instruments = new List<VenueInstrument>();
        foreach (var pair in Result(root, "Kraken AssetPairs").EnumerateObject())
        {
            // ".d" pairs are the dark pool: no public book.
            if (pair.Name.EndsWith(".d", StringComparison.Ordinal)
                || JsonFields.String(pair.Value, "base") is not { Length: > 0 } baseCode
                || JsonFields.String(pair.Value, "quote") is not { Length: > 0 } quoteCode)
            {
                continue;
            }

            var (b, q) = (KrakenAssets.Normalize(baseCode), KrakenAssets.Normalize(quoteCode));
            if (!CanonicalPair.IsAsset(b) || !CanonicalPair.IsAsset(q))
            {
                continue;
            }

            // Listings from before the status field existed only list tradable pairs.
            var status = JsonFields.String(pair.Value, "status") ?? "online";
            instruments.Add(Instrument(b, q, pair.Name, status, Venue.IsLive(status)) with
            {
                PriceDecimals = Decimals(pair.Value, "pair_decimals"),
                SizeDecimals = Decimals(pair.Value, "lot_decimals"),
            });
        }

        return instruments;
    }

    internal override VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth)
    {
        const string what = "Kraken Depth";
        var books = Result(root, what).EnumerateObject().ToList();
        if (books.Count != 1)
        {
            throw new VenueDataException($"{what} of {instrument.VenueSymbol}: expected one book in the result, got {books.Count}");
        }

        var book = books[0].Value;
        var bids = JsonFields.Property(book, "bids", what);
        var asks = JsonFields.Property(book, "asks", what);
        var venueBook = Book(instrument, bids, asks, depth, exchangeTime: null);
        // Kraken stamps each level with its last change; the newest of them is when the book was last touched.
        var newest = bids.EnumerateArray().Concat(asks.EnumerateArray())
            .Where(l => l.ValueKind == JsonValueKind.Array && l.GetArrayLength() > 2)
            .Select(l => L2LevelReader.Number(l[2]))
            .Where(double.IsFinite)
            .DefaultIfEmpty(double.NaN)
            .Max();
        return double.IsFinite(newest) && newest > 0
            ? venueBook with { VenueTime = DateTimeOffset.FromUnixTimeMilliseconds((long)(newest * 1000)) }
            : venueBook;
    }

    private static JsonElement Result(JsonElement root, string what)
    {
        if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var errors)
            && errors.ValueKind == JsonValueKind.Array && errors.GetArrayLength() > 0)
        {
            throw new VenueDataException($"{what}: Kraken says '{string.Join("; ", errors.EnumerateArray().Select(e => e.ToString()))}'");
        }

        var result = JsonFields.Property(root, "result", what);
        return result.ValueKind == JsonValueKind.Object ? result : throw new VenueDataException($"{what}: 'result' is {result.ValueKind}, not an object");
    }
}
