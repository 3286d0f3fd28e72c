namespace CryptApp.Core.Venues;

/// <summary>
/// The one spelling of an instrument across venues: <c>BASE-QUOTE</c>, upper case, each part letters
/// and digits. Built from a venue's own base and quote fields, never by cutting its symbol apart, since
/// symbols such as Binance's <c>BTCUSDT</c> have no separator.
/// </summary>
public static class CanonicalPair
{
    public static string Of(string baseAsset, string quoteAsset)
    {
        var b = Asset(baseAsset, nameof(baseAsset));
        var q = Asset(quoteAsset, nameof(quoteAsset));
        return $"{b}-{q}";
    }

    /// <summary>The pair in canonical form, or null with <paramref name="error"/> saying what is wrong.</summary>
    public static string? Normalize(string? pair, out string? error)
    {
        error = null;
        var parts = (pair ?? "").Trim().Split('-');
        if (parts.Length != 2 || !IsAsset(parts[0]) || !IsAsset(parts[1]))
        {
            error = $"'{pair}' is not a pair of the form BASE-QUOTE (letters and digits, e.g. BTC-USDT)";
            return null;
        }

        return $"{parts[0].ToUpperInvariant()}-{parts[1].ToUpperInvariant()}";
    }

    public static bool IsAsset(string? code) =>
        !string.IsNullOrEmpty(code) && code.Length <= 32 && code.All(char.IsAsciiLetterOrDigit);

    private static string Asset(string code, string parameter) =>
        IsAsset(code?.Trim())
            ? code!.Trim().ToUpperInvariant()
            : throw new VenueDataException($"asset code '{code}' ({parameter}) is not letters and digits");
}
