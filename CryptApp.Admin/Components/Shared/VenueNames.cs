using CryptApp.Contracts.Exchanges;

namespace CryptApp.Admin.Components.Shared;

/// <summary>Venue display names from the Api's <c>/api/v1/exchanges</c>, for pages that show venue ids.</summary>
public static class VenueNames
{
    /// <summary>
    /// The venue's name (<c>OKX</c> for <c>okx</c>), its id when the list lacks it. A market id (a venue with
    /// two markets in one combined pair) keeps its pair: <c>Binance (BTC-USDC)</c>.
    /// </summary>
    public static string Name(this IReadOnlyList<ExchangeStatus> venues, string? id)
    {
        if (id is null)
        {
            return "—";
        }

        var colon = id.IndexOf(':');
        var venue = colon < 0 ? id : id[..colon];
        var name = venues.FirstOrDefault(v => string.Equals(v.Id, venue, StringComparison.OrdinalIgnoreCase))?.Name ?? venue;
        return colon < 0 ? name : $"{name} ({id[(colon + 1)..]})";
    }
}
