using CryptApp.Contracts.Venues;

namespace CryptApp.Admin.Components.Shared;

/// <summary>Venue display names from the Api's <c>/api/v1/exchanges</c>, for pages that show venue ids.</summary>
public static class VenueNames
{
    /// <summary>
    /// The venue's name (<c>OKX</c> for <c>okx</c>), its id when the list lacks it. A market id (a venue with
    /// two markets in one combined pair) keeps its pair: <c>Binance (BTC-USDC)</c>. A bare id here is a venue's
    /// (the <c>exchange</c> field), never a Blockchain.com pair, so only an id with a ':' goes through <see cref="VenueOf"/>.
    /// </summary>
    public static string Name(this IReadOnlyList<VenueStatus> venues, string? id)
    {
        if (id is null)
        {
            return "—";
        }

        var colon = id.IndexOf(':');
        var venue = colon < 0 ? id : VenueOf(id);
        var name = venues.FirstOrDefault(v => string.Equals(v.Id, venue, StringComparison.OrdinalIgnoreCase))?.Name ?? venue;
        return colon < 0 ? name : $"{name} ({id[(colon + 1)..]})";
    }

    /// <summary>
    /// The venue that owns a market id: the same rule as the Core's <c>MarketId.VenueOf</c>, which the Admin
    /// cannot call (it references the Api's contract only); a unit test holds the two equal.
    /// </summary>
    public static string VenueOf(string marketId)
    {
        var colon = marketId.IndexOf(':');
        return colon < 0 ? "blockchain" : marketId[..colon].Trim().ToLowerInvariant();
    }
}
