using CryptApp.Core.Markets;

namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// A venue's book in the common shape: levels as <see cref="BookEntry"/> (<c>Num</c> the number of orders
/// at the level where the venue gives it, else 0), the venue's own timestamp where it sends one, and
/// enough to tell a whole book from a cut one: a side that came back with fewer levels than
/// <see cref="RequestedDepth"/> is the venue's whole side.
/// </summary>
public sealed record VenueBook(OrderBook Book, DateTimeOffset? ExchangeTime, int RequestedDepth, int BidLevels, int AskLevels)
{
    /// <summary>Both sides shorter than asked for: nothing beyond them was left out.</summary>
    public bool DepthComplete => BidLevels < RequestedDepth && AskLevels < RequestedDepth;
}
