using CryptApp.Api.Validation;
using CryptApp.Contracts.Markets;

namespace CryptApp.Api.Queries;

/// <summary>Search, sort and paging of the markets list, validated field by field.</summary>
public sealed record MarketListQuery(string? Search, string Sort, bool Descending, int Page, int PageSize)
{
    private const int MaxSearchLength = 32;

    private static readonly Dictionary<string, Func<MarketSummary, IComparable?>> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["symbol"] = m => m.Symbol,
        ["collectedAt"] = m => m.CollectedAt,
        ["bestBid"] = m => m.BestBid,
        ["bestAsk"] = m => m.BestAsk,
        ["mid"] = m => m.Mid,
        ["spreadBps"] = m => m.SpreadBps,
        ["imbalance"] = m => m.Imbalance,
        ["bidDepth2Pct"] = m => m.BidDepth2Pct,
        ["askDepth2Pct"] = m => m.AskDepth2Pct,
        ["bidsCount"] = m => m.BidsCount,
        ["asksCount"] = m => m.AsksCount,
        ["bidsTotalValue"] = m => m.BidsTotalValue,
        ["asksTotalValue"] = m => m.AsksTotalValue,
        ["spread"] = m => m.Spread,
        ["weightedMid"] = m => m.WeightedMid,
        ["bidDepth1Pct"] = m => m.BidDepth1Pct,
        ["askDepth1Pct"] = m => m.AskDepth1Pct,
        ["bidDepth5Pct"] = m => m.BidDepth5Pct,
        ["askDepth5Pct"] = m => m.AskDepth5Pct,
        ["rejectedEntries"] = m => m.RejectedEntries,
    };

    public static IEnumerable<string> SortFields => SortKeys.Keys;

    public static MarketListQuery Parse(string? search, string? sort, string? order, string? page, string? pageSize, Errors errors)
    {
        if (search is not null && (search.Length > MaxSearchLength || !search.All(c => char.IsAsciiLetterOrDigit(c) || c == '-')))
        {
            errors.Add("search", $"must be at most {MaxSearchLength} letters, digits or '-' (a symbol or a currency)");
        }

        var sortField = string.IsNullOrEmpty(sort) ? "symbol" : sort;
        if (!SortKeys.ContainsKey(sortField))
        {
            errors.Add("sort", $"must be one of {string.Join(", ", SortKeys.Keys)}");
        }

        var descending = false;
        switch (order?.ToLowerInvariant())
        {
            case null or "" or "asc":
                break;
            case "desc":
                descending = true;
                break;
            default:
                errors.Add("order", "must be 'asc' or 'desc'");
                break;
        }

        return new MarketListQuery(
            string.IsNullOrEmpty(search) ? null : search.ToUpperInvariant(),
            SortKeys.Keys.FirstOrDefault(k => k.Equals(sortField, StringComparison.OrdinalIgnoreCase)) ?? sortField,
            descending,
            QueryRules.Page(page, errors),
            QueryRules.PageSize(pageSize, errors));
    }

    public static readonly string[] Parameters = ["search", "sort", "order", "page", "pageSize"];

    /// <summary>The canonical cache key of a list query, or null when it is invalid.</summary>
    public static string? CacheKey(Func<string, string?> query)
    {
        var errors = new Errors();
        var parsed = Parse(query("search"), query("sort"), query("order"), query("page"), query("pageSize"), errors);
        return errors.Any ? null : $"{parsed.Search}|{parsed.Sort}|{parsed.Descending}|{parsed.Page}|{parsed.PageSize}";
    }

    /// <summary>Filters, sorts (missing values last, whatever the order) and pages.</summary>
    public (IReadOnlyList<MarketSummary> Items, int Total) Apply(IReadOnlyList<MarketSummary> markets)
    {
        var matching = Search is null
            ? markets
            : markets.Where(m => m.Symbol.Contains(Search, StringComparison.OrdinalIgnoreCase)
                                 || m.Symbol.Split('-').Any(c => c.Equals(Search, StringComparison.OrdinalIgnoreCase))).ToList();
        var key = SortKeys[Sort];
        var present = matching.Where(m => key(m) is not null);
        var ordered = (Descending ? present.OrderByDescending(key) : present.OrderBy(key))
            .ThenBy(m => m.Symbol, StringComparer.Ordinal)
            .Concat(matching.Where(m => key(m) is null).OrderBy(m => m.Symbol, StringComparer.Ordinal));
        return (ordered.Skip((Page - 1) * PageSize).Take(PageSize).ToList(), matching.Count);
    }
}
