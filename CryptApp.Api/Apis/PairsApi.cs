using CryptApp.Api.Caching;
using CryptApp.Api.ReadModel;
using CryptApp.Api.Validation;
using CryptApp.Contracts.Pairs;
using CryptApp.Core.Streaming;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Apis;

/// <summary>
/// Pairs across venues under <c>/api/v1/pairs</c>: markets combine when base and quote are the same
/// (or the quotes are configured as equivalent); stale venues are listed but not counted.
/// </summary>
public static class PairsApi
{
    public static IEndpointRouteBuilder MapPairsApi(this IEndpointRouteBuilder app)
    {
        var pairs = app.MapGroup("/api/v1/pairs")
            .WithTags("Pairs")
            .WithOutputCache(CacheTags.MarketPolicy)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        pairs.MapGet("/", ListPairs)
            .WithName("ListPairs")
            .WithSummary("Every pair collected on at least one venue, and its venues");
        pairs.MapGet("/{pair}", GetPair)
            .WithName("GetPair")
            .WithSummary("One pair across venues: each venue's top of book, best bid and ask across them, dispersion, consolidated depth, cost to move 2 %")
            .ProducesProblem(StatusCodes.Status404NotFound);
        pairs.MapGet("/{pair}/slippage", GetPairSlippage)
            .VaryByQuery(["side", "notional"], QueryRules.SlippageKey)
            .WithName("GetPairSlippage")
            .WithSummary("VWAP and slippage of a quote notional routed across the fresh venues by best price, and each venue's share")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static async Task<Ok<IReadOnlyList<PairListing>>> ListPairs(ComputedViews views, QuoteEquivalence quotes, CancellationToken cancellationToken) =>
        TypedResults.Ok(PairMarkets.List(await views.ListAsync(cancellationToken), quotes));

    /// <param name="pair">BASE-QUOTE, any case (<c>BTC-USDT</c>).</param>
    public static async Task<Results<Ok<PairView>, ValidationProblem, ProblemHttpResult>> GetPair(
        string pair, ComputedViews views, QuoteEquivalence quotes, TimeProvider time, IOptions<StreamingOptions> live, HttpContext context, CancellationToken cancellationToken)
    {
        var errors = new Errors();
        if (QueryRules.Pair(pair, errors) is not { } canonical)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var markets = await FindAsync(canonical, views, quotes, time, live, context, cancellationToken);
        return markets is not null && await views.PairAsync(markets, cancellationToken) is { } view ? TypedResults.Ok(view) : NotFound(canonical);
    }

    /// <param name="pair">BASE-QUOTE, any case (<c>BTC-USDT</c>).</param>
    /// <param name="side"><c>buy</c> (lifts the asks) or <c>sell</c> (hits the bids).</param>
    /// <param name="notional">Quote-currency amount to trade, from 1e-8 to 1e15.</param>
    public static async Task<Results<Ok<PairSlippage>, ValidationProblem, ProblemHttpResult>> GetPairSlippage(
        string pair, string? side, string? notional, ComputedViews views, QuoteEquivalence quotes, TimeProvider time, IOptions<StreamingOptions> live, HttpContext context,
        CancellationToken cancellationToken)
    {
        var errors = new Errors();
        var canonical = QueryRules.Pair(pair, errors);
        var tradeSide = QueryRules.Side(side, errors);
        var amount = QueryRules.Notional(notional, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var markets = await FindAsync(canonical!, views, quotes, time, live, context, cancellationToken);
        return markets is not null && await views.PairSlippageAsync(markets, tradeSide!.Value, amount, cancellationToken) is { } routed
            ? TypedResults.Ok(routed)
            : NotFound(canonical!);
    }

    private static async Task<PairMarkets?> FindAsync(
        string pair, ComputedViews views, QuoteEquivalence quotes, TimeProvider time, IOptions<StreamingOptions> live, HttpContext context, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var markets = PairMarkets.Find(quotes.Name(pair), await views.ListAsync(cancellationToken), await views.VenueStatusesAsync(cancellationToken), quotes, now);
        context.CacheUntilStale(markets?.Members.Select(m => m.StaleAt) ?? [], now);
        if (markets?.Live == true)
        {
            // A live member's figures move with every write.
            context.CacheWhileLive(now, live.Value.WriteInterval);
        }

        return markets;
    }

    private static ProblemHttpResult NotFound(string pair) => TypedResults.Problem(
        statusCode: StatusCodes.Status404NotFound,
        title: "Pair not found",
        detail: $"No venue lists '{pair}' among the collected markets.");
}
