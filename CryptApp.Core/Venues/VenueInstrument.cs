namespace CryptApp.Core.Venues;

/// <summary>
/// One instrument a venue lists: <see cref="Pair"/> is canonical <c>BASE-QUOTE</c>, <see cref="VenueSymbol"/>
/// the venue's own id to ask for its book with (<c>BTCUSDT</c>, <c>XXBTZUSD</c>, <c>BTC-USDT</c>),
/// <see cref="Status"/> the venue's own word and <see cref="Open"/> whether it trades now; <see cref="PriceDecimals"/> and
/// <see cref="SizeDecimals"/> the digits the venue writes prices and sizes with, where it lists them (a checksum needs them).
/// </summary>
public sealed record VenueInstrument(
    string Venue, string Pair, string Base, string Quote, string VenueSymbol, string Status, bool Open,
    int? PriceDecimals = null, int? SizeDecimals = null)
{
    public MarketId MarketId => new(Venue, Pair);
}
