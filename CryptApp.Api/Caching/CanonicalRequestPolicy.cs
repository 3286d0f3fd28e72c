using CryptApp.Api.Validation;
using Microsoft.AspNetCore.OutputCaching;

namespace CryptApp.Api.Caching;

/// <summary>
/// Keeps the output cache's key space bounded: one spelling per meaning. Only the canonical form of the query
/// parameters an endpoint knows varies its cache (<see cref="CacheQuery"/>); neither the raw query string nor the
/// <c>Host</c> header does. A request spelled any other way (a parameter the endpoint does not know, an invalid value,
/// a market id or pair not in its canonical form, such as <c>%20binance%20:BTC-USDT</c> or <c>blockchain:BTC-USD</c>
/// for <c>BTC-USD</c>, a trailing slash) is answered as usual but neither looked up nor stored. Case is the one
/// variation left: the cache upper-cases the path, so <c>btc-usd</c> and <c>BTC-USD</c> share an entry.
/// </summary>
public sealed class CanonicalRequestPolicy : IOutputCachePolicy
{
    private const string VaryKey = "q";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // The default policy varies by every raw query value and by the Host header.
        context.CacheVaryByRules.QueryKeys = default;
        context.CacheVaryByRules.VaryByHost = false;
        var request = context.HttpContext.Request;
        if (!IsCanonicalPath(request))
        {
            Bypass(context);
            return ValueTask.CompletedTask;
        }

        var query = request.Query;
        if (query.Count == 0)
        {
            return ValueTask.CompletedTask;
        }

        var known = context.HttpContext.GetEndpoint()?.Metadata.GetMetadata<CacheQuery>();
        if (known?.KeyOf(query) is { } key)
        {
            context.CacheVaryByRules.VaryByValues[VaryKey] = key;
        }
        else
        {
            Bypass(context);
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    private static bool IsCanonicalPath(HttpRequest request)
    {
        if (request.Path.Value is { Length: > 1 } path && path.EndsWith('/'))
        {
            return false;
        }

        var values = request.RouteValues;
        return (!values.TryGetValue("symbol", out var symbol) || IsCanonical(symbol as string, id => QueryRules.MarketKey(id, new Errors())))
               && (!values.TryGetValue("pair", out var pair) || IsCanonical(pair as string, p => QueryRules.Pair(p, new Errors())));
    }

    private static bool IsCanonical(string? value, Func<string?, string?> canonical) =>
        value is not null && canonical(value) is { } form && string.Equals(form, value, StringComparison.OrdinalIgnoreCase);

    private static void Bypass(OutputCacheContext context)
    {
        context.AllowCacheLookup = false;
        context.AllowCacheStorage = false;
    }
}
