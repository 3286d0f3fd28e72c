using System.ComponentModel.DataAnnotations;

namespace CryptApp.Core.Venues;

/// <summary>
/// Configuration section <c>Exchanges:&lt;Venue&gt;:Stream</c>: the venue's live books over its public WebSocket. On by
/// default for an enabled venue; where the stream is off or down, the REST run collects the venue's markets.
/// </summary>
public sealed class VenueStreamOptions
{
    public bool Enabled { get; set; } = true;

    /// <summary>The full ws:// or wss:// URL, connected to as given; channels are subscribed by message.</summary>
    public Uri? Url { get; set; }

    /// <summary>Levels a side each book is kept at: one of the venue's channel depths where it has them.</summary>
    [Range(1, 100_000)]
    public int Depth { get; set; } = 50;
}
