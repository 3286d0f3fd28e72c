namespace CryptApp.Api.Caching;

public static class CachingEndpointExtensions
{
    /// <summary>Output-caches a group with a named policy and marks executed handlers as cache misses.</summary>
    public static RouteGroupBuilder WithOutputCache(this RouteGroupBuilder group, string policy)
    {
        group.CacheOutput(policy);
        group.AddEndpointFilter(async (context, next) =>
        {
            OutputCacheMetricsMiddleware.MarkHandled(context.HttpContext);
            return await next(context);
        });
        return group;
    }
}
