using CryptApp.Api.Contracts;
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

        return app;
    }

    public static async Task<Ok<PagedList<MarketSummary>>> ListMarkets(MarketStore store)
    {
        var items = await store.ListAsync();
        return TypedResults.Ok(new PagedList<MarketSummary>(items, 1, Math.Max(items.Count, 1), items.Count));
    }
}
