using System.Globalization;
using System.Text.Json;

namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// Coinbase Exchange: <c>/products</c> (open when <c>status</c> is <c>online</c> and trading is not
/// disabled) and <c>/products/{id}/book?level=2</c> (<c>[price, size, num_orders]</c>, the whole
/// aggregated book, cut to depth here; <c>time</c> ISO 8601).
/// </summary>
public sealed class CoinbaseClient(HttpClient http, VenueOptions options) : VenueClient(http, options)
{
    public override VenueInfo Venue => VenueCatalog.Coinbase;

    protected override string InstrumentsPath => "products";

    protected override string BookPath(string venueSymbol, int depth) =>
        $"products/{Uri.EscapeDataString(venueSymbol)}/book?level=2";

    internal override IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Array)
        {
            throw new ExchangeDataException($"Coinbase products: expected an array, got {root.ValueKind}{Message(root)}");
        }

        return JsonFields.Rows(root, "id", "base_currency", "quote_currency", "status")
            .Select(r => Instrument(r.Base, r.Quote, r.Symbol, r.Status,
                r.Status == "online" && !JsonFields.Bool(r.Row, "trading_disabled")))
            .ToList();
    }

    internal override VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth)
    {
        const string what = "Coinbase book";
        if (root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("bids", out _) && root.TryGetProperty("message", out _))
        {
            throw new ExchangeDataException($"{what} of {instrument.VenueSymbol}{Message(root)}");
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
