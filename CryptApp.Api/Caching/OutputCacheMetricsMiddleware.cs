namespace CryptApp.Api.Caching;

/// <summary>
/// Counts output-cache hits and misses: a request whose endpoint handler ran was a miss. Sits in
/// front of the output-cache middleware; the handler marks the request through <see cref="MarkHandled"/>.
/// </summary>
public sealed class OutputCacheMetricsMiddleware(RequestDelegate next, CacheMetrics metrics)
{
    private const string HandledKey = "cryptapp.handled";

    public static void MarkHandled(HttpContext context) => context.Items[HandledKey] = true;

    public async Task InvokeAsync(HttpContext context)
    {
        await next(context);
        if (!metrics.Enabled)
        {
            return;
        }

        if (context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.OutputCaching.OutputCacheAttribute>() is null
            && context.GetEndpoint()?.Metadata.GetMetadata<Microsoft.AspNetCore.OutputCaching.IOutputCachePolicy>() is null)
        {
            return;
        }

        var view = context.GetEndpoint()?.DisplayName ?? "unknown";
        if (context.Items.ContainsKey(HandledKey))
        {
            metrics.Miss("output", view);
        }
        else
        {
            metrics.Hit("output", view);
        }
    }
}
