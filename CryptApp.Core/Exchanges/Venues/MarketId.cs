namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// A market across venues: <c>{venue}:{BASE-QUOTE}</c>, the venue in lower case (<c>binance:BTC-USDT</c>).
/// An id without a venue is Blockchain.com's, so today's ids (<c>BTC-USD</c>) keep their meaning.
/// </summary>
public readonly record struct MarketId(string Venue, string Pair)
{
    private const char Separator = ':';

    public static MarketId Parse(string text) =>
        TryParse(text, out var id, out var error) ? id : throw new FormatException(error);

    /// <summary>Venue and pair are matched ignoring case and returned in canonical case.</summary>
    public static bool TryParse(string? text, out MarketId id, out string? error)
    {
        id = default;
        if (string.IsNullOrWhiteSpace(text))
        {
            error = "a market id is required, e.g. binance:BTC-USDT or BTC-USD";
            return false;
        }

        var colon = text.IndexOf(Separator);
        var venueText = colon < 0 ? VenueIds.Blockchain : text[..colon].Trim();
        var venue = VenueCatalog.Find(venueText);
        if (venue is null)
        {
            error = $"unknown venue '{venueText}' in market id '{text}'; known venues: {string.Join(", ", VenueCatalog.All.Select(v => v.Id))}";
            return false;
        }

        var pair = CanonicalPair.Normalize(colon < 0 ? text : text[(colon + 1)..], out var pairError);
        if (pair is null)
        {
            error = $"market id '{text}': {pairError}";
            return false;
        }

        id = new MarketId(venue.Id, pair);
        error = null;
        return true;
    }

    public bool IsBlockchain => Venue == VenueIds.Blockchain;

    /// <summary>The full form, venue always written: <c>blockchain:BTC-USD</c>, <c>okx:BTC-USDT</c>.</summary>
    public override string ToString() => $"{Venue}{Separator}{Pair}";

    /// <summary>The form stored and served: Blockchain.com's markets keep their bare pair, as before venues.</summary>
    public string ToCompactString() => IsBlockchain ? Pair : ToString();
}
