using System.Globalization;
using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>
/// Coinbase Exchange: <c>/products</c> and <c>/products/{id}/book?level=2</c> (<c>[price, size, num_orders]</c>,
/// the whole aggregated book, kept whole; <c>time</c> ISO 8601). A product is collected when its <c>status</c> is
/// <c>online</c> and none of <c>trading_disabled</c>, <c>cancel_only</c> or <c>auction_mode</c> is set: a book
/// that only cancels or is in auction is no live market (<c>BTCAUCTION-USD</c>, listed with base BTC and quote
/// USD, is <c>cancel_only</c>). <c>post_only</c> and <c>limit_only</c> products match orders on a live book and
/// are collected. The trading status is the status where it is not <c>online</c>, else the mode flag set, else <c>online</c>.
/// </summary>
public sealed class CoinbaseClient(HttpClient http, VenueOptions options) : L2VenueClient(http, options)
{
    /// <summary>docs.cdp.coinbase.com Exchange REST rate limits: public endpoints 10 requests per second per IP.</summary>
    public static VenueDefinition Definition { get; } = new()
    {
        Id = VenueIds.Coinbase,
        Name = "Coinbase",
        DisplayName = "Coinbase Exchange",
        RestUrl = new("https://api.exchange.coinbase.com"),
        StreamUrl = new("wss://advanced-trade-ws.coinbase.com"),
        Feed = (instruments, depth) => new Streaming.CoinbaseFeed(instruments, depth),
        // level2 is the whole book.
        StreamDepth = 100_000,
        StreamConnectBudget = 8,
        DefaultSymbols = "BTC-USD,ETH-USD,SOL-USD,XRP-USD,DOGE-USD",
        Budget = 10,
        BudgetWindow = TimeSpan.FromSeconds(1),
        ServesWholeBook = true,
        LiveStatuses = new HashSet<string>(["online"], StringComparer.Ordinal),
        Client = (http, options) => new CoinbaseClient(http, options),
    };

    /// <summary>The product's mode flags, in the order the trading status names them.</summary>
    private static readonly string[] ModeFlags = ["trading_disabled", "cancel_only", "auction_mode", "post_only", "limit_only"];

    private static readonly string?[] NoLiveBook = ["trading_disabled", "cancel_only", "auction_mode"];

    public override VenueDefinition Venue => Definition;

    protected override string BookRoute => "/products/{symbol}/book";

    protected override string InstrumentsPath => "products";

    protected override string BookPath(string venueSymbol, int depth) =>
        $"products/{Uri.EscapeDataString(venueSymbol)}/book?level=2";

    internal override IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new VenueDataException($"Coinbase products: expected an array, got {root.ValueKind}{Message(root)}");
        }

        return JsonFields.Rows(root, "id", "base_currency", "quote_currency", "status")
            .Select(r =>
            {
                var mode = Array.Find(ModeFlags, flag => JsonFields.Bool(r.Row, flag));
                var online = Venue.IsLive(r.Status);
                return Instrument(r.Base, r.Quote, r.Symbol, online ? mode ?? r.Status : r.Status, online && !NoLiveBook.Contains(mode));
            })
            .ToList();
    }

    internal override VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth)
    {
        const string what = "Coinbase book";
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("bids", out _) && root.TryGetProperty("message", out _))
        {
            throw new VenueDataException($"{what} of {instrument.VenueSymbol}{Message(root)}");
        }

        return Book(instrument, JsonFields.Property(root, "bids", what), JsonFields.Property(root, "asks", what), depth,
            Time(JsonFields.String(root, "time")), ordersIndex: 2);
    }

    /// <summary>Coinbase writes nanoseconds (<c>…:32.019204671Z</c>); .NET reads at most seven fractional digits.</summary>
    internal static DateTimeOffset? Time(string? text)
    {
        if (text is null)
        {
            return null;
        }

        var dot = text.IndexOf('.');
        var end = dot < 0 ? -1 : text.AsSpan(dot + 1).IndexOfAnyExceptInRange('0', '9');
        if (end > 7)
        {
            text = text[..(dot + 8)] + text[(dot + 1 + end)..];
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var parsed) ? parsed : null;
    }

    /// <summary>Coinbase's error envelope is <c>{"message": "..."}</c>.</summary>
    private static string Message(JsonElement root) =>
        JsonFields.String(root, "message") is { } message ? $": Coinbase says '{message}'" : "";
}
