using CryptApp.Api.Contracts;
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
        var markets = app.MapGroup("/api/v1/markets").WithTags("Markets");

        markets.MapGet("/", ListMarkets)
            .WithName("ListMarkets")
            .WithSummary("The markets collected by the last runs, by symbol");
        markets.MapGet("/{symbol}", GetMarket)
            .WithName("GetMarket")
            .WithSummary("Every metric of one market: best prices, spread, imbalance, depth and both sides' figures");
        markets.MapGet("/{symbol}/book", GetBook)
            .WithName("GetBook")
            .WithSummary("The market's book aggregated by price level, best first, within 10 % of mid");
        markets.MapGet("/{symbol}/slippage", GetSlippage)
            .WithName("GetSlippage")
            .WithSummary("VWAP and slippage against mid of buying or selling a quote notional at once");
        markets.MapGet("/{symbol}/history", GetHistory)
            .WithName("GetHistory")
            .WithSummary("The market's key metrics over a time range, downsampled into buckets");

        return app;
    }

    public static async Task<Ok<PagedList<MarketSummary>>> ListMarkets(MarketStore store)
    {
        var items = await store.ListAsync();
        return TypedResults.Ok(new PagedList<MarketSummary>(items, 1, Math.Max(items.Count, 1), items.Count));
    }

    public static async Task<Results<Ok<MarketView>, ValidationProblem, ProblemHttpResult>> GetMarket(string symbol, MarketStore store)
    {
        if (Invalid(symbol) is { } invalid)
        {
            return invalid;
        }

        var snapshot = await store.GetAsync(symbol);
        return snapshot is null ? NotFound(symbol) : TypedResults.Ok(MarketView.From(snapshot));
    }

    public static async Task<Results<Ok<BookLevels>, ValidationProblem, ProblemHttpResult>> GetBook(string symbol, MarketStore store)
    {
        if (Invalid(symbol) is { } invalid)
        {
            return invalid;
        }

        var book = await store.GetBookAsync(symbol);
        return book is null ? NotFound(symbol) : TypedResults.Ok(book);
    }

    public static async Task<Results<Ok<SlippageEstimate>, ValidationProblem, ProblemHttpResult>> GetSlippage(
        string symbol, string? side, string? notional, MarketStore store)
    {
        var errors = new Errors();
        QueryRules.Symbol(symbol, errors);
        var tradeSide = QueryRules.Side(side, errors);
        var amount = QueryRules.Notional(notional, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var book = await store.GetBookAsync(symbol);
        return book is null ? NotFound(symbol) : TypedResults.Ok(SlippageEstimate.Walk(book, tradeSide!.Value, amount));
    }

    public static async Task<Results<Ok<HistoryView>, ValidationProblem, ProblemHttpResult>> GetHistory(
        string symbol, string? from, string? to, string? interval, MarketStore store, TimeProvider time)
    {
        var errors = new Errors();
        QueryRules.Symbol(symbol, errors);
        var end = QueryRules.Time(to, "to", errors) ?? time.GetUtcNow();
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

        var snapshot = await store.GetAsync(symbol);
        if (snapshot is null)
        {
            return NotFound(symbol);
        }

        var bucket = step ?? HistoryBuckets.ChooseInterval(start, end);
        var points = await store.GetHistoryAsync(symbol, start, end);
        return TypedResults.Ok(new HistoryView(snapshot.Symbol, start, end, bucket, HistoryBuckets.Bucket(points, start, bucket)));
    }

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
