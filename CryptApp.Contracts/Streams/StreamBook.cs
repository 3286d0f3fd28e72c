using CryptApp.Contracts.Markets;

namespace CryptApp.Contracts.Streams;

/// <summary>
/// The top levels of each side that a market stream's events carry as <c>book</c> with <c>?levels=N</c>: best first,
/// shaped as <c>GET /api/v1/markets/{id}/book</c>'s levels.
/// </summary>
public sealed record StreamBook(IReadOnlyList<BookLevel> Bids, IReadOnlyList<BookLevel> Asks);
