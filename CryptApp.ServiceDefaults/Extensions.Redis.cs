using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

public static partial class Extensions
{
    /// <summary>The Redis connection string's name, as the AppHost references the cache.</summary>
    public const string CacheConnectionName = "cache";

    /// <summary>
    /// The Redis connection every service shares (Aspire's client: health check, metrics, traces), with
    /// the settings all of them need. <paramref name="traceCommands"/> null keeps Aspire's own setting;
    /// <paramref name="configure"/> tunes the connection after the shared settings.
    /// </summary>
    public static IHostApplicationBuilder AddCryptAppRedis(
        this IHostApplicationBuilder builder, bool? traceCommands = null, Action<ConfigurationOptions>? configure = null)
    {
        builder.AddRedisClient(
            CacheConnectionName,
            configureSettings: traceCommands is { } trace ? settings => settings.DisableTracing = !trace : null,
            configureOptions: redis =>
            {
                // Start and keep trying while Redis is away, instead of failing the service's start.
                redis.AbortOnConnectFail = false;
                // Back within a second of Redis, not after an exponential backoff grown during the outage.
                redis.ReconnectRetryPolicy = new LinearRetry(500);
                configure?.Invoke(redis);
            });
        return builder;
    }
}
