using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

public static class StorageServiceExtensions
{
    /// <summary>The Redis connection string's name, as the AppHost references the cache.</summary>
    public const string ConnectionName = "cache";

    /// <summary>
    /// The Redis connection Aspire manages, and the stores and queue on it: what the Api and the
    /// Worker share. <paramref name="traceCommands"/> null keeps Aspire's own setting; <paramref name="configure"/>
    /// tunes the connection after the shared settings.
    /// </summary>
    public static IHostApplicationBuilder AddCryptAppStorage(
        this IHostApplicationBuilder builder, bool? traceCommands = null, Action<ConfigurationOptions>? configure = null)
    {
        builder.AddRedisClient(
            ConnectionName,
            configureSettings: traceCommands is { } trace ? settings => settings.DisableTracing = !trace : null,
            configureOptions: redis =>
            {
                redis.AbortOnConnectFail = false;
                // Back within a second of Redis, not after an exponential backoff grown during the outage.
                redis.ReconnectRetryPolicy = new LinearRetry(500);
                configure?.Invoke(redis);
            });

        builder.Services.TryAddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MarketStore>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobQueue>();
        return builder;
    }
}
