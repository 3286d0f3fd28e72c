using CryptApp.Api.Caching;
using CryptApp.Api.Contracts;
using CryptApp.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CryptApp.Api.Apis;

/// <summary>The original system's routes and bodies, kept so existing consumers keep working.</summary>
public static class CompatApi
{
    public static IEndpointRouteBuilder MapCompatApi(this IEndpointRouteBuilder app)
    {
        var cryptos = app.MapGroup("/cryptos").WithTags("Compatibility").WithOutputCache(CacheTags.MarketPolicy);

        cryptos.MapGet("/{symbol}", GetMarket)
            .WithName("CompatGetCrypto")
            .WithSummary("Bid and ask count, quantity and value of one market (original contract)");
        cryptos.MapGet("/{symbol}/bids", GetBids)
            .WithName("CompatGetBids")
            .WithSummary("Bid-side figures of one market (original contract)");
        cryptos.MapGet("/{symbol}/asks", GetAsks)
            .WithName("CompatGetAsks")
            .WithSummary("Ask-side figures of one market (original contract)");

        app.MapGet("/tools/health", () => TypedResults.Ok(new CompatHealth("ok")))
            .WithTags("Compatibility")
            .WithName("CompatHealth")
            .WithSummary("Liveness answer of the original system (never cached)");

        return app;
    }

    public static async Task<Results<Ok<Dictionary<string, CompatMarketSummary>>, NotFound<CompatError>>> GetMarket(
        string symbol, MarketStore store)
    {
        var snapshot = await store.GetAsync(symbol);
        if (snapshot is null)
        {
            return TypedResults.NotFound(CompatError.CryptoNotFound);
        }

        return TypedResults.Ok(new Dictionary<string, CompatMarketSummary>
        {
            [snapshot.Symbol] = new(CompatSideSummary.From(snapshot.Bids), CompatSideSummary.From(snapshot.Asks)),
        });
    }

    public static async Task<Results<Ok<CompatBids>, NotFound<CompatError>>> GetBids(string symbol, MarketStore store)
    {
        var snapshot = await store.GetAsync(symbol);
        return snapshot is null
            ? TypedResults.NotFound(CompatError.CryptoNotFound)
            : TypedResults.Ok(new CompatBids(CompatSideDetail.From(snapshot.Bids)));
    }

    public static async Task<Results<Ok<CompatAsks>, NotFound<CompatError>>> GetAsks(string symbol, MarketStore store)
    {
        var snapshot = await store.GetAsync(symbol);
        return snapshot is null
            ? TypedResults.NotFound(CompatError.CryptoNotFound)
            : TypedResults.Ok(new CompatAsks(CompatSideDetail.From(snapshot.Asks)));
    }
}
