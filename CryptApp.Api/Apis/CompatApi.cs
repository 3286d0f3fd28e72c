using CryptApp.Api.Caching;
using CryptApp.Api.Validation;
using CryptApp.Core.Storage;
using CryptApp.Core.Views;
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
            .WithSummary("Bid and ask count, quantity and value of one market (original contract)")
            .Produces<Dictionary<string, CompatMarketSummary>>(contentType: "application/json");
        cryptos.MapGet("/{symbol}/bids", GetBids)
            .WithName("CompatGetBids")
            .WithSummary("Bid-side figures of one market (original contract)")
            .Produces<CompatBids>(contentType: "application/json");
        cryptos.MapGet("/{symbol}/asks", GetAsks)
            .WithName("CompatGetAsks")
            .WithSummary("Ask-side figures of one market (original contract)")
            .Produces<CompatAsks>(contentType: "application/json");

        app.MapGet("/tools/health", () => TypedResults.Ok(new CompatHealth("ok")))
            .WithTags("Compatibility")
            .WithName("CompatHealth")
            .WithSummary("Liveness answer of the original system (never cached)");

        return app;
    }

    public static Task<Results<StoredJson, NotFound<CompatError>>> GetMarket(string symbol, MarketStore store, CancellationToken cancellationToken) =>
        ViewAsync(symbol, StoredViewKind.Compat, store, cancellationToken);

    public static Task<Results<StoredJson, NotFound<CompatError>>> GetBids(string symbol, MarketStore store, CancellationToken cancellationToken) =>
        ViewAsync(symbol, StoredViewKind.CompatBids, store, cancellationToken);

    public static Task<Results<StoredJson, NotFound<CompatError>>> GetAsks(string symbol, MarketStore store, CancellationToken cancellationToken) =>
        ViewAsync(symbol, StoredViewKind.CompatAsks, store, cancellationToken);

    /// <summary>The original's bodies, stored ready-made by the Worker: the bytes go out as they are.</summary>
    private static async Task<Results<StoredJson, NotFound<CompatError>>> ViewAsync(
        string symbol, StoredViewKind kind, MarketStore store, CancellationToken cancellationToken)
    {
        // The original looked up any string; one that cannot be a symbol is simply not found.
        var view = QueryRules.IsSymbol(symbol) ? await store.GetViewAsync(symbol, StoredViews.Field(kind), cancellationToken) : null;
        return view is null ? TypedResults.NotFound(CompatError.CryptoNotFound) : new StoredJson(view.Json);
    }
}
