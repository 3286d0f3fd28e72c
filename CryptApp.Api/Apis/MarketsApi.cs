using CryptApp.Api.Caching;
using CryptApp.Api.Contracts;
using CryptApp.Api.Queries;
using CryptApp.Api.Validation;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CryptApp.Api.Apis;

/// <summary>Versioned market resources under <c>/api/v1/markets</c>.</summary>
public static class MarketsApi
{
    public static IEndpointRouteBuilder MapMarketsApi(this IEndpointRouteBuilder app)
    {
        var markets = app.MapGroup("/api/v1/markets")
            .WithTags("Markets")
            .WithOutputCache(CacheTags.MarketPolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        markets.MapGet("/", ListMarkets)
            .WithName("ListMarkets")
            .WithSummary("Collected markets: search by symbol or currency, sort by any metric, page through them");
        markets.MapGet("/{symbol}", GetMarket)
            .WithName("GetMarket")
            .WithSummary("Every metric of one market: best prices, spread, imbalance, depth and both sides' figures")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status304NotModified);
        markets.MapGet("/{symbol}/book", GetBook)
            .WithName("GetBook")
            .WithSummary("The market's book aggregated by price level, best first, within 10 % of mid")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status304NotModified);
        markets.MapGet("/{symbol}/slippage", GetSlippage)
            .WithName("GetSlippage")
            .WithSummary("VWAP and slippage against mid of buying or selling a quote notional at once")
            .ProducesProblem(StatusCodes.Status404NotFound);
        markets.MapGet("/{symbol}/history", GetHistory)
            .WithName("GetHistory")
            .WithSummary("The market's key metrics over a time range, downsampled into buckets")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    /// <param name="search">A symbol or a currency, matched case-insensitively (e.g. <c>btc</c>).</param>
    /// <param name="sort">A metric to sort by (<c>symbol</c>, <c>mid</c>, <c>spreadBps</c>, ...); missing values last.</param>
    /// <param name="order"><c>asc</c> (default) or <c>desc</c>.</param>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 500, default 50.</param>
    public static async Task<Results<Ok<PagedList<MarketSummary>>, ValidationProblem>> ListMarkets(
        string? search, string? sort, string? order, string? page, string? pageSize, MarketViews views, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var query = MarketListQuery.Parse(search, sort, order, page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (items, total) = query.Apply(await views.ListAsync(cancellationToken));
        return TypedResults.Ok(new PagedList<MarketSummary>(items, query.Page, query.PageSize, total));
    }

    public static async Task<Results<Ok<MarketView>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetMarket(
        string symbol, MarketStore store, HttpContext context)
    {
        if (Invalid(symbol) is { } invalid)
        {
            return invalid;
        }

        var snapshot = await store.GetAsync(symbol);
        if (snapshot is null)
        {
            return NotFound(symbol);
        }

        return Conditional.IsNotModified(context, snapshot.CollectedAt)
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(MarketView.From(snapshot));
    }

    public static async Task<Results<Ok<BookLevels>, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetBook(
        string symbol, MarketStore store, HttpContext context)
    {
        if (Invalid(symbol) is { } invalid)
        {
            return invalid;
        }

        var book = await store.GetBookAsync(symbol);
        if (book is null)
        {
            return NotFound(symbol);
        }

        return Conditional.IsNotModified(context, book.CollectedAt, "book")
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : TypedResults.Ok(book);
    }

    /// <param name="symbol">The market, e.g. <c>BTC-USD</c>.</param>
    /// <param name="side"><c>buy</c> (walks the asks) or <c>sell</c> (walks the bids).</param>
    /// <param name="notional">Quote-currency amount to trade, greater than 0.</param>
    public static async Task<Results<Ok<SlippageEstimate>, ValidationProblem, ProblemHttpResult>> GetSlippage(
        string symbol, string? side, string? notional, MarketViews views, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        QueryRules.Symbol(symbol, errors);
        var tradeSide = QueryRules.Side(side, errors);
        var amount = QueryRules.Notional(notional, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var estimate = await views.SlippageAsync(symbol, tradeSide!.Value, amount, cancellationToken);
        return estimate is null ? NotFound(symbol) : TypedResults.Ok(estimate);
    }

    /// <param name="symbol">The market, e.g. <c>BTC-USD</c>.</param>
    /// <param name="from">ISO-8601 start, default 24 h before <paramref name="to"/>.</param>
    /// <param name="to">ISO-8601 end, default now.</param>
    /// <param name="interval">Bucket size (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, <c>hh:mm:ss</c>); chosen automatically when absent.</param>
    public static async Task<Results<Ok<HistoryView>, ValidationProblem, ProblemHttpResult>> GetHistory(
        string symbol, string? from, string? to, string? interval, MarketViews views, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        QueryRules.Symbol(symbol, errors);
        // A default end on the next whole minute keeps the cache key stable between runs.
        var end = QueryRules.Time(to, "to", errors) ?? NextMinute(time.GetUtcNow());
        var start = QueryRules.Time(from, "from", errors) ?? end - TimeSpan.FromHours(24);
        var step = QueryRules.Interval(interval, errors);
        if (!errors.Any && start >= end)
        {
            errors.Add("from", "must be earlier than 'to'");
        }

        if (!errors.Any && step is { } chosen && (end - start) / chosen > HistoryBuckets.MaxBuckets)
        {
            errors.Add("interval", $"gives more than {HistoryBuckets.MaxBuckets} buckets for this range: choose a longer interval or a shorter range");
        }

        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var history = await views.HistoryAsync(symbol, start, end, step ?? HistoryBuckets.ChooseInterval(start, end), cancellationToken);
        return history is null ? NotFound(symbol) : TypedResults.Ok(history);
    }

    private static DateTimeOffset NextMinute(DateTimeOffset now) =>
        new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerMinute, TimeSpan.Zero).AddMinutes(1);

    private static ValidationProblem? Invalid(string symbol)
    {
        var errors = new Errors();
        QueryRules.Symbol(symbol, errors);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : null;
    }

    private static ProblemHttpResult NotFound(string symbol) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Market not found",
        detail: $"No market '{symbol}' has been collected: it is unknown, not open, or not collected yet.");
}
