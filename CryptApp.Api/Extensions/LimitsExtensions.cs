using System.IO.Compression;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http.Timeouts;
using Microsoft.AspNetCore.ResponseCompression;

namespace CryptApp.Api.Extensions;

public static class LimitsExtensions
{
    public const string CorsPolicy = "configured-origins";

    /// <summary>The client's address from trusted proxies, rate limiting per client, request timeouts, response compression and opt-in CORS.</summary>
    public static IHostApplicationBuilder AddLimits(this IHostApplicationBuilder builder)
    {
        var options = builder.Configuration.GetSection(ApiOptions.SectionName).Get<ApiOptions>() ?? new ApiOptions();

        builder.Services.AddTrustedForwardedHeaders<ApiOptions>(o => o.ForwardedHeaders);

        builder.Services.AddRateLimiter(limiter =>
        {
            limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
                options.RateLimit.PermitLimit == 0 || IsProbe(context)
                    ? RateLimitPartition.GetNoLimiter("unlimited")
                    : RateLimitPartition.GetFixedWindowLimiter(
                        context.Connection.RemoteIpAddress?.ToString() ?? "unknown",
                        _ => new FixedWindowRateLimiterOptions
                        {
                            PermitLimit = options.RateLimit.PermitLimit,
                            Window = options.RateLimit.Window,
                            QueueLimit = 0,
                        }));
            limiter.OnRejected = async (context, cancellationToken) =>
            {
                var retryAfter = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : options.RateLimit.Window;
                var response = context.HttpContext.Response;
                response.StatusCode = StatusCodes.Status429TooManyRequests;
                response.Headers.RetryAfter = ((int)Math.Ceiling(retryAfter.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails =
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests",
                        Detail = $"At most {options.RateLimit.PermitLimit} requests per {options.RateLimit.Window:c} per client; retry after {retryAfter.TotalSeconds:0} s.",
                    },
                });
            };
        });

        builder.Services.AddRequestTimeouts(timeouts => timeouts.DefaultPolicy = new RequestTimeoutPolicy
        {
            Timeout = options.RequestTimeout,
            TimeoutStatusCode = StatusCodes.Status504GatewayTimeout,
        });

        builder.Services.AddResponseCompression(compression =>
        {
            compression.EnableForHttps = true;
            compression.Providers.Add<BrotliCompressionProvider>();
            compression.Providers.Add<GzipCompressionProvider>();
            compression.MimeTypes = ResponseCompressionDefaults.MimeTypes.Concat(["application/problem+json"]);
        });
        builder.Services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);
        builder.Services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Fastest);

        if (options.CorsOrigins.Length > 0)
        {
            builder.Services.AddCors(cors => cors.AddPolicy(CorsPolicy, policy =>
                policy.WithOrigins(options.CorsOrigins).WithMethods("GET", "POST", "DELETE").WithHeaders("Content-Type", "X-Api-Key", "If-None-Match")));
        }

        return builder;
    }

    private static bool IsProbe(HttpContext context) =>
        context.Request.Path.StartsWithSegments("/health") || context.Request.Path.StartsWithSegments("/alive");
}
