using Microsoft.AspNetCore.OutputCaching;

namespace CryptApp.Api.Caching;

/// <summary>
/// Endpoint metadata: the query parameters that vary an endpoint's cached answer, and the canonical form
/// of a query (equal for every request that gets the same answer; null when the query is invalid).
/// </summary>
public sealed class CacheQuery(string[] names, Func<Func<string, string?>, string?> canonical)
{
    public IReadOnlySet<string> Names { get; } = names.ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>The canonical key, or null: the query is invalid, repeats a parameter, or has one the endpoint does not know.</summary>
    public string? KeyOf(IQueryCollection query)
    {
        if (query.Any(p => !Names.Contains(p.Key) || p.Value.Count > 1))
        {
            return null;
        }

        return canonical(name => query.TryGetValue(name, out var value) ? value.ToString() : null);
    }
}

/// <summary>
/// Keeps the cache's key space bounded: only the parameters an endpoint knows vary its cache, in
/// canonical form. A request with a parameter the endpoint does not know (or an invalid value) is
/// answered as usual but neither looked up nor stored, so junk query strings never grow the cache.
/// </summary>
public sealed class KnownQueryPolicy : IOutputCachePolicy
{
    private const string VaryKey = "q";

    public ValueTask CacheRequestAsync(OutputCacheContext context, CancellationToken cancellation)
    {
        // The default policy varies by every raw query value and by the Host header: one spelling per meaning instead.
        context.CacheVaryByRules.QueryKeys = default;
        context.CacheVaryByRules.VaryByHost = false;
        var query = context.HttpContext.Request.Query;
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
            context.AllowCacheLookup = false;
            context.AllowCacheStorage = false;
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask ServeFromCacheAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;

    public ValueTask ServeResponseAsync(OutputCacheContext context, CancellationToken cancellation) => ValueTask.CompletedTask;
}

public static class CacheQueryExtensions
{
    /// <summary>Declares the query parameters that vary this endpoint's cached answer.</summary>
    public static RouteHandlerBuilder VaryByQuery(this RouteHandlerBuilder endpoint, string[] names, Func<Func<string, string?>, string?> canonical) =>
        endpoint.WithMetadata(new CacheQuery(names, canonical));
}
