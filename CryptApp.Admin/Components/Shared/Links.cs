using CryptApp.Contracts.Markets;

namespace CryptApp.Admin.Components.Shared;

/// <summary>
/// Addresses of the Admin's pages. Market ids carry a colon (<c>binance:BTC-USDT</c>), which a browser would
/// read as a scheme in a relative link: every id is escaped.
/// </summary>
public static class Links
{
    public static string Market(string id) => $"/markets/{Uri.EscapeDataString(id)}";

    public static string Market(MarketSummary market) => Market(market.Id ?? market.Symbol);

    public static string Pair(string pair) => $"/pairs/{Uri.EscapeDataString(pair)}";

    /// <summary>The market's pair (<c>BTC-USDT</c>) and its page; null for a market whose currencies are unknown.</summary>
    public static (string Name, string Href)? Pair(MarketSummary market) =>
        market is { Base: { } b, Quote: { } q } ? ($"{b}-{q}", Pair($"{b}-{q}")) : null;

    public static string Markets(string exchange) => $"/markets?exchange={Uri.EscapeDataString(exchange)}";
}
