namespace CryptApp.Admin.Services;

// The Api's contract as the Admin reads it; the Admin never touches Redis.

public sealed record MarketSummary(
    string Symbol,
    DateTimeOffset CollectedAt,
    int BidsCount,
    int AsksCount,
    double BidsTotalValue,
    double AsksTotalValue);

public sealed record PagedList<T>(IReadOnlyList<T> Items, int Page, int PageSize, int Total);
