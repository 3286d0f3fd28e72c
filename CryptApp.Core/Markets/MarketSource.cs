using System.Text.Json.Serialization;

namespace CryptApp.Core.Markets;

/// <summary>
/// Where a market's book came from: its id (<c>binance:BTC-USDT</c>, a bare pair for Blockchain.com),
/// the venue id, the canonical base and quote, the venue's own symbol, the venue's timestamp where it
/// sends one, whether the book reaches 5 % from mid on both sides (see <c>VenueBook.DepthComplete</c>), and the
/// instrument's trading status in the venue's own word (<c>online</c>, <c>post_only</c>, <c>TRADING</c>, <c>live</c>),
/// how the book came (<see cref="MarketSources"/>: a live stream or a REST poll) and, for a streamed book, how long after
/// the venue's event time it was received.
/// </summary>
public sealed record MarketSource(
    string Id,
    [property: JsonPropertyName("exchange")] string Venue,
    string Base,
    string Quote,
    string VenueSymbol,
    [property: JsonPropertyName("exchangeTime")] DateTimeOffset? VenueTime,
    bool DepthComplete,
    string? TradingStatus = null,
    [property: JsonPropertyName("source")] string? Via = null,
    long? LagMs = null);

/// <summary>How a market's book came: <see cref="Stream"/> from the venue's live WebSocket book, <see cref="Poll"/> from a REST snapshot.</summary>
public static class MarketSources
{
    public const string Stream = "stream";
    public const string Poll = "poll";
}
