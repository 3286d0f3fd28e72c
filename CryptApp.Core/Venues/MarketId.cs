namespace CryptApp.Core.Venues;

/// <summary>
/// A market across venues: <c>{venue}:{BASE-QUOTE}</c>, the venue in lower case (<c>binance:BTC-USDT</c>).
/// An id without a venue is Blockchain.com's (<c>BTC-USD</c> is <c>blockchain:BTC-USD</c>), as in the original's contract.
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
        var venueText = VenueOf(text);
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

    /// <summary>
    /// The venue that owns a market id, in lower case, without checking that the venue or the pair exists: the
    /// text before the first ':' (trimmed), else Blockchain.com for a bare id (<c>BTC-USD</c>, and the empty id).
    /// A leading ':' names the empty venue, which owns nothing: <see cref="TryParse"/> rejects such an id as an
    /// unknown venue, and taking it for Blockchain.com would file a malformed id under a real venue.
    /// </summary>
    public static string VenueOf(string id)
    {
        var colon = id.IndexOf(Separator);
        return colon < 0 ? VenueIds.Blockchain : id[..colon].Trim().ToLowerInvariant();
    }

    public bool IsBlockchain => Venue == VenueIds.Blockchain;

    /// <summary>The full form, venue always written: <c>blockchain:BTC-USD</c>, <c>okx:BTC-USDT</c>.</summary>
    public override string ToString() => $"{Venue}{Separator}{Pair}";

    /// <summary>The form stored and served: Blockchain.com's markets by their bare pair, every other venue's with its prefix.</summary>
    public string ToCompactString() => IsBlockchain ? Pair : ToString();
}
