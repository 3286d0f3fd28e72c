using CryptApp.Api.Caching;
using CryptApp.Api.Queries;
using CryptApp.Api.ReadModel;
using CryptApp.Api.Validation;
using CryptApp.Contracts;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;
using CryptApp.Core.Views;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

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
            .WithSummary("Collected markets of every venue: search by id or currency, filter by venue, base or quote, sort by any metric, page through them");
        markets.MapGet("/{symbol}", GetMarket)
            .WithName("GetMarket")
            .WithSummary("Every metric of one market (BTC-USD or venue:BASE-QUOTE): best prices, spread, imbalance, depth, both sides' figures, venue and staleness")
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
            .VaryByQuery(["side", "notional"], QueryRules.SlippageKey)
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
    /// <param name="exchange">Only this venue's markets (<c>binance</c>, <c>blockchain</c>, ...).</param>
    /// <param name="base">Only markets of this base currency (<c>BTC</c>).</param>
    /// <param name="quote">Only markets in this quote currency (<c>USDT</c>).</param>
    /// <param name="status"><c>open</c> (default): markets their venue lists with a live book; <c>closed</c>: markets it no longer lists, kept with their history until its retention; <c>all</c>.</param>
    public static async Task<Results<Ok<PagedList<MarketSummary>>, ValidationProblem>> ListMarkets(
        string? search, string? sort, string? order, string? page, string? pageSize, string? exchange, string? @base, string? quote, string? status,
        ComputedViews views, TimeProvider time, IOptions<StreamingOptions> live, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var query = MarketListQuery.Parse(search, sort, order, page, pageSize, errors, exchange, @base, quote, status);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (items, total) = query.Apply((await views.ListAsync(cancellationToken)).InStatus(query.Status));
        var exchanges = await views.VenueStatusesAsync(cancellationToken);
        var now = time.GetUtcNow();
        var served = items.Select(m => m with { Stale = exchanges.IsStale(m, now) }).ToList();
        context.CacheUntilStale(served.Select(exchanges.StaleAt), now);
        if (served.Any(m => m.Source == MarketSources.Stream))
        {
            context.CacheWhileLive(now, live.Value.WriteInterval);
        }

        return TypedResults.Ok(new PagedList<MarketSummary>(served, query.Page, query.PageSize, total));
    }

    /// <param name="symbol">The market: <c>BTC-USD</c> (Blockchain.com) or <c>venue:BASE-QUOTE</c> (<c>binance:BTC-USDT</c>).</param>
    public static async Task<Results<StoredJson, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetMarket(
        string symbol, MarketStore store, ComputedViews views, TimeProvider time, IOptions<StreamingOptions> live, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Errors();
        if (QueryRules.MarketKey(symbol, errors) is not { } key)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        // The Worker stored this view's JSON with the data: the bytes go out as they are, with the staleness decided now.
        var view = await store.GetViewAsync(key, StoredViews.Field(StoredViewKind.Market), cancellationToken);
        if (view is null)
        {
            return NotFound(symbol);
        }

        bool? stale = null;
        if (view.FreshUntil is { } freshUntil)
        {
            // A live book: stale once no update was written for Stream:StaleAfter; its answer lives no longer than a write interval.
            var now = time.GetUtcNow();
            stale = now > freshUntil;
            context.CacheUntilStale([freshUntil], now);
            context.CacheWhileLive(now, live.Value.WriteInterval);
        }
        else if (view.CollectedAt is { } collectedAt)
        {
            var (exchanges, venue, now) = (await views.VenueStatusesAsync(cancellationToken), MarketId.VenueOf(key), time.GetUtcNow());
            stale = exchanges.IsStale(venue, collectedAt, now);
            context.CacheUntilStale([exchanges.StaleAt(venue, collectedAt)], now);
        }

        return Conditional.IsNotModified(context, view.Version, stale == true ? "stale" : "")
            ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : new StoredJson(ServedMarketJson.WithStale(view.Json, stale));
    }

    public static async Task<Results<StoredJson, StatusCodeHttpResult, ValidationProblem, ProblemHttpResult>> GetBook(
        string symbol, MarketStore store, TimeProvider time, IOptions<StreamingOptions> live, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        if (QueryRules.MarketKey(symbol, errors) is not { } key)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var view = await store.GetViewAsync(key, MarketStore.BookField, cancellationToken);
        if (view?.FreshUntil is not null)
        {
            context.CacheWhileLive(time.GetUtcNow(), live.Value.WriteInterval);
        }

        return view is null ? NotFound(symbol)
            : Conditional.IsNotModified(context, view.Version, "book") ? TypedResults.StatusCode(StatusCodes.Status304NotModified)
            : new StoredJson(view.Json);
    }

    /// <param name="symbol">The market, e.g. <c>BTC-USD</c> or <c>binance:BTC-USDT</c>.</param>
    /// <param name="side"><c>buy</c> (walks the asks) or <c>sell</c> (walks the bids).</param>
    /// <param name="notional">Quote-currency amount to trade, greater than 0.</param>
    public static async Task<Results<Ok<SlippageEstimate>, ValidationProblem, ProblemHttpResult>> GetSlippage(
        string symbol, string? side, string? notional, ComputedViews views, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var key = QueryRules.MarketKey(symbol, errors);
        var tradeSide = QueryRules.Side(side, errors);
        var amount = QueryRules.Notional(notional, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var estimate = await views.SlippageAsync(key!, tradeSide!.Value, amount, cancellationToken);
        return estimate is null ? NotFound(symbol) : TypedResults.Ok(estimate);
    }

    /// <param name="symbol">The market, e.g. <c>BTC-USD</c> or <c>binance:BTC-USDT</c>.</param>
    /// <param name="from">ISO-8601 start, default 24 h before <paramref name="to"/>.</param>
    /// <param name="to">ISO-8601 end, default now.</param>
    /// <param name="interval">Bucket size (<c>30s</c>, <c>5m</c>, <c>1h</c>, <c>1d</c>, <c>hh:mm:ss</c>); chosen automatically when absent.</param>
    public static async Task<Results<Ok<HistoryView>, ValidationProblem, ProblemHttpResult>> GetHistory(
        string symbol, string? from, string? to, string? interval, ComputedViews views, TimeProvider time, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var key = QueryRules.MarketKey(symbol, errors);
        var range = HistoryQuery.Parse(from, to, interval, time.GetUtcNow(), errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var history = await views.HistoryAsync(key!, range!, cancellationToken);
        return history is null ? NotFound(symbol) : TypedResults.Ok(history);
    }

    private static ProblemHttpResult NotFound(string symbol) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Market not found",
        detail: $"No market '{symbol}' has been collected: it is unknown, not open, or not collected yet.");
}
