using CryptApp.Api.Caching;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace CryptApp.Api.Extensions;

public static class PipelineExtensions
{
    private static readonly string Instance = $"{Environment.MachineName}:{Environment.ProcessId}";

    /// <summary>The middleware, outermost first: the client's address, errors, compression, CORS, rate limit, caching, request timeouts.</summary>
    public static WebApplication UseApiPipeline(this WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ApiOptions>>().Value;
        app.UseForwardedHeaders();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        if (options.InstanceHeader)
        {
            app.Use((context, next) =>
            {
                // Which replica answered, even from the output cache: shows load balancing and cache coherence.
                context.Response.OnStarting(() =>
                {
                    context.Response.Headers["X-CryptApp-Instance"] = Instance;
                    return Task.CompletedTask;
                });
                return next(context);
            });
        }

        app.UseResponseCompression();
        if (options.CorsOrigins.Length > 0)
        {
            app.UseCors(LimitsExtensions.CorsPolicy);
        }

        if (options.RateLimit.PermitLimit > 0)
        {
            app.UseRateLimiter();
        }

        if (options.Caching.OutputCacheOn)
        {
            app.UseMiddleware<OutputCacheMetricsMiddleware>();
            app.UseOutputCache();
        }

        // After the output cache: an answer from memory needs no timer, the work behind a miss does.
        app.UseRequestTimeouts();

        return app;
    }

    public static WebApplication MapApiDocs(this WebApplication app)
    {
        app.MapOpenApi();
        app.MapScalarApiReference(options => options.WithTitle("CryptApp API"));
        return app;
    }
}
