using CryptApp.Api.Caching;
using CryptApp.Contracts;
using CryptApp.Api.Queries;
using CryptApp.Api.Validation;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Storage;
using CryptApp.Core.Views;
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
            .VaryByQuery(MarketListQuery.Parameters, MarketListQuery.CacheKey)
            .WithName("ListMarkets")
            .WithSummary("Collected markets: search by symbol or currency, sort by any metric, page through them");
        markets.MapGet("/{symbol}", GetMarket)
            .WithName("GetMarket")
            .WithSummary("Every metric of one market: best prices, spread, imbalance, depth and both sides' figures")
            .Produces<MarketView>(contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status304NotModified);
        markets.MapGet("/{symbol}/book", GetBook)
            .WithName("GetBook")
            .WithSummary("The market's book aggregated by price level, best first, within 10 % of mid")
            .Produces<BookLevels>(contentType: "application/json")
            .ProducesProblem(StatusCodes.Status404NotFound)
            .Produces(StatusCodes.Status304NotModified);
        markets.MapGet("/{symbol}/slippage", GetSlippage)
            .VaryByQuery(["side", "notional"], SlippageKey)
            .WithName("GetSlippage")
            .WithSummary("VWAP and slippage against mid of buying or selling a quote notional at once")
            .ProducesProblem(StatusCodes.Status404NotFound);
        markets.MapGet("/{symbol}/history", GetHistory)
            .VaryByQuery(["from", "to", "interval"], query =>
                HistoryQuery.Parse(query("from"), query("to"), query("interval"), TimeProvider.System.GetUtcNow(), new Errors())?.Key)
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

        var (items, total) = query.Apply((await views.ListAsync(cancellationToken)).Markets);
        return TypedResults.Ok(new PagedList<MarketSummary>(items, query.Page, query.PageSize, total));
    }

    public static async Task<Results<StoredJson, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetMarket(
        string symbol, MarketStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (Invalid(symbol) is { } invalid)
        {
            return invalid;
        }

        // The Worker stored this view's JSON with the data: the bytes go out as they are.
        var view = await store.GetViewAsync(symbol, MarketViewSet.Field(MarketViewKind.Market), cancellationToken);
        return view is null ? NotFound(symbol)
            : Conditional.IsNotModified(context, view.Version) ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : new StoredJson(view.Json);
    }

    public static async Task<Results<StoredJson, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetBook(
        string symbol, MarketStore store, HttpContext context, CancellationToken cancellationToken)
    {
        if (Invalid(symbol) is { } invalid)
        {
            return invalid;
        }

        var view = await store.GetViewAsync(symbol, MarketStore.BookField, cancellationToken);
        return view is null ? NotFound(symbol)
            : Conditional.IsNotModified(context, view.Version, "book") ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : new StoredJson(view.Json);
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
        var range = HistoryQuery.Parse(from, to, interval, time.GetUtcNow(), errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var history = await views.HistoryAsync(symbol, range!, cancellationToken);
        return history is null ? NotFound(symbol) : TypedResults.Ok(history);
    }

    private static string? SlippageKey(Func<string, string?> query)
    {
        var errors = new Errors();
        var side = QueryRules.Side(query("side"), errors);
        var notional = QueryRules.Notional(query("notional"), errors);
        return errors.Any ? null : FormattableString.Invariant($"{side}|{notional:R}");
    }

    private static ValidationProblem? Invalid(string symbol)
    {
        if (QueryRules.IsSymbol(symbol))
        {
            return null;
        }

        var errors = new Errors();
        QueryRules.Symbol(symbol, errors);
        return errors.Any ? TypedResults.ValidationProblem(errors.ToDictionary()) : null;
    }

    private static ProblemHttpResult NotFound(string symbol) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Market not found",
        detail: $"No market '{symbol}' has been collected: it is unknown, not open, or not collected yet.");
}
