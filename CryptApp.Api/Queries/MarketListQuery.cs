using CryptApp.Api.Validation;
using CryptApp.Contracts.Markets;

namespace CryptApp.Api.Queries;

/// <summary>Search, venue, currency and status filters, sort and paging of the markets list, validated field by field.</summary>
public sealed record MarketListQuery(
    string? Search, string Sort, bool Descending, int Page, int PageSize, string? Venue = null, string? Base = null, string? Quote = null,
    string Status = MarketStatus.Open)
{
    /// <summary>The <c>status</c> values: a market's own, or <c>all</c>.</summary>
    public const string AllStatuses = "all";

    private const int MaxSearchLength = 32;

    private static readonly Dictionary<string, Func<MarketSummary, IComparable?>> SortKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        ["symbol"] = m => m.Symbol,
        ["exchange"] = m => m.Venue,
        ["exchangeTime"] = m => m.VenueTime,
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
        ["lagMs"] = m => m.LagMs,
    };

    public static IEnumerable<string> SortFields => SortKeys.Keys;

    /// <param name="exchange">A venue id (<c>binance</c>), any case.</param>
    /// <param name="base">A base currency (<c>BTC</c>), any case.</param>
    /// <param name="quote">A quote currency (<c>USDT</c>), any case.</param>
    /// <param name="status"><c>open</c> (the default), <c>closed</c> or <c>all</c>, any case.</param>
    public static MarketListQuery Parse(
        string? search, string? sort, string? order, string? page, string? pageSize, Errors errors,
        string? exchange = null, string? @base = null, string? quote = null, string? status = null)
    {
        var statusValue = string.IsNullOrEmpty(status) ? MarketStatus.Open : status.ToLowerInvariant();
        if (statusValue is not (MarketStatus.Open or MarketStatus.Closed or AllStatuses))
        {
            errors.Add("status", $"must be '{MarketStatus.Open}', '{MarketStatus.Closed}' or '{AllStatuses}'");
        }

        if (search is not null && (search.Length > MaxSearchLength || !search.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or ':')))
        {
            errors.Add("search", $"must be at most {MaxSearchLength} letters, digits, '-' or ':' (a market id or a currency)");
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
            QueryRules.PageSize(pageSize, errors),
            QueryRules.Venue(exchange, errors),
            QueryRules.Asset(@base, "base", errors),
            QueryRules.Asset(quote, "quote", errors),
            statusValue);
    }

    public static readonly string[] Parameters = ["search", "sort", "order", "page", "pageSize", "exchange", "base", "quote", "status"];

    /// <summary>The canonical cache key of a list query, or null when it is invalid.</summary>
    public static string? CacheKey(Func<string, string?> query)
    {
        var errors = new Errors();
        var parsed = Parse(
            query("search"), query("sort"), query("order"), query("page"), query("pageSize"), errors, query("exchange"), query("base"), query("quote"), query("status"));
        return errors.Any
            ? null
            : $"{parsed.Search}|{parsed.Sort}|{parsed.Descending}|{parsed.Page}|{parsed.PageSize}|{parsed.Venue}|{parsed.Base}|{parsed.Quote}|{parsed.Status}";
    }

    /// <summary>
    /// Filters the markets of the query's status (<see cref="Caching.MarketIndex.InStatus"/>; rows with their venue fields,
    /// see <see cref="ReadModel.MarketIdentity"/>), sorts (missing values last, whatever the order) and pages.
    /// </summary>
    public (IReadOnlyList<MarketSummary> Items, int Total) Apply(IReadOnlyList<MarketSummary> markets)
    {
        // No filter: the markets as they are, no copy (the common request).
        var matching = Search is null && Venue is null && Base is null && Quote is null
            ? markets
            : markets
                .Where(m => Search is null
                            || m.Symbol.Contains(Search, StringComparison.OrdinalIgnoreCase)
                            || m.Symbol.Split('-').Any(c => c.Equals(Search, StringComparison.OrdinalIgnoreCase)))
                .Where(m => (Venue is null || m.Venue == Venue)
                            && (Base is null || string.Equals(m.Base, Base, StringComparison.OrdinalIgnoreCase))
                            && (Quote is null || string.Equals(m.Quote, Quote, StringComparison.OrdinalIgnoreCase)))
                .ToList();
        var key = SortKeys[Sort];
        var present = matching.Where(m => key(m) is not null);
        var ordered = (Descending ? present.OrderByDescending(key) : present.OrderBy(key))
            .ThenBy(m => m.Symbol, StringComparer.Ordinal)
            .Concat(matching.Where(m => key(m) is null).OrderBy(m => m.Symbol, StringComparer.Ordinal));
        return (ordered.Skip((Page - 1) * PageSize).Take(PageSize).ToList(), matching.Count);
    }
}
