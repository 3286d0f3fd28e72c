namespace CryptApp.Contracts.Markets;

/// <summary>All orders at one price: their summed quantity and how many there were (a struct: a book has a thousand a side).</summary>
public readonly record struct BookLevel(double Px, double Qty, int Orders);

/// <summary>
/// The book aggregated by price level near the market, best price first on each side: enough for
/// depth charts and slippage without keeping every order.
/// </summary>
public sealed record BookLevels(string Symbol, DateTimeOffset CollectedAt, double? Mid, IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks)
{
    /// <summary>Levels further than this fraction from the reference price are not kept.</summary>
    public const double Window = 0.10;

    /// <summary>At most this many levels are kept a side.</summary>
    public const int MaxLevelsPerSide = 1000;
}
