using CryptApp.Contracts.Markets;

namespace CryptApp.Core.Streaming;

/// <summary>
/// The REST run's check of a live book: the top <see cref="Levels"/> levels of each side of the venue's REST book
/// against those of the live book as written. Prices and sizes reach both as doubles by different roads (a REST
/// parser, a decimal converted), so they are equal when within one part in 10^12 of each other.
/// </summary>
public static class LiveAudit
{
    public const int Levels = 10;

    private const double Tolerance = 1e-12;

    public static bool Matches(BookLevels rest, BookLevels? live) =>
        live is not null && Side(rest.Bids, live.Bids) && Side(rest.Asks, live.Asks);

    private static bool Side(IReadOnlyList<BookLevel> rest, IReadOnlyList<BookLevel> live)
    {
        var count = Math.Min(Levels, rest.Count);
        if (Math.Min(Levels, live.Count) != count)
        {
            return false;
        }

        for (var i = 0; i < count; i++)
        {
            if (!Near(rest[i].Px, live[i].Px) || !Near(rest[i].Qty, live[i].Qty))
            {
                return false;
            }
        }

        return true;
    }

    private static bool Near(double a, double b) => Math.Abs(a - b) <= Tolerance * Math.Max(Math.Abs(a), Math.Abs(b));
}
