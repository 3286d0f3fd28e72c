using System.Collections.Frozen;

namespace CryptApp.Core.Venues;

/// <summary>
/// Kraken's asset codes in their common names. The rule, in two steps:
/// <list type="number">
/// <item>Legacy four-letter codes (Kraken's ISO-4217-like scheme: <c>X</c> before crypto, <c>Z</c> before
/// fiat) lose their prefix, but only those in <see cref="Legacy"/>: a modern code that happens to start
/// with X or Z (<c>XTZ</c>, <c>ZEUS</c>) is left alone.</item>
/// <item>Kraken's own names for two assets become the common ones: <c>XBT</c> → <c>BTC</c>, <c>XDG</c> → <c>DOGE</c>.</item>
/// </list>
/// So <c>XXBT</c> → <c>BTC</c>, <c>XXDG</c> → <c>DOGE</c>, <c>ZUSD</c> → <c>USD</c>, <c>USDT</c> → <c>USDT</c>.
/// </summary>
public static class KrakenAssets
{
    /// <summary>The legacy codes Kraken still uses in AssetPairs' <c>base</c>/<c>quote</c> and in result keys.</summary>
    public static readonly FrozenSet<string> Legacy = FrozenSet.Create(
        StringComparer.Ordinal,
        "XXBT", "XXDG", "XETH", "XETC", "XLTC", "XXRP", "XXLM", "XXMR", "XZEC", "XREP", "XMLN", "XICN", "XNMC", "XXVN", "XDAO",
        "ZUSD", "ZEUR", "ZGBP", "ZJPY", "ZCAD", "ZAUD", "ZCHF");

    private static readonly FrozenDictionary<string, string> Aliases = new Dictionary<string, string>
    {
        ["XBT"] = "BTC",
        ["XDG"] = "DOGE",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    public static string Normalize(string code)
    {
        var upper = code.Trim().ToUpperInvariant();
        var modern = Legacy.Contains(upper) ? upper[1..] : upper;
        return Aliases.GetValueOrDefault(modern, modern);
    }
}
