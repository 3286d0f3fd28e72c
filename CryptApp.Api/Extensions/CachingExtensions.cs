using CryptApp.Api.Caching;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CryptApp.Api.Extensions;

public static class CachingExtensions
{
    /// <summary>
    /// Output cache and HybridCache's second level both on the Redis connection Aspire registered
    /// (what the Aspire.StackExchange.Redis.*Caching packages would do), plus the invalidation listener.
    /// </summary>
    public static IHostApplicationBuilder AddCaching(this IHostApplicationBuilder builder)
    {
        builder.Services.AddStackExchangeRedisOutputCache(_ => { });
        builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
        {
            options.InstanceName = "cryptapp:output:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
        });
        builder.Services.AddMemoryLevelInFrontOfTheOutputStore();
        builder.Services.AddOutputCache();
        builder.Services.AddOptions<OutputCacheOptions>().Configure<IOptions<ApiOptions>>((options, api) =>
        {
            var caching = api.Value.Caching;
            options.AddPolicy(CacheTags.MarketPolicy, policy =>
            {
                if (!caching.OutputCacheOn)
                {
                    policy.NoCache();
                    return;
                }

                policy.Expire(caching.Expiration).Tag(CacheTags.Markets).AddPolicy<SymbolTagPolicy>().AddPolicy<CanonicalRequestPolicy>();
            });
            // Runs change while they go (progress): cache them briefly, and evict them on every run's end.
            options.AddPolicy(CacheTags.RunsPolicy, policy =>
            {
                if (!caching.OutputCacheOn)
                {
                    policy.NoCache();
                    return;
                }

                policy.Expire(TimeSpan.FromSeconds(1)).Tag(CacheTags.Runs).AddPolicy<CanonicalRequestPolicy>();
            });
        });

        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
        {
            options.InstanceName = "cryptapp:hybrid:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
        });
        builder.Services.AddHybridCache();
        // HybridCache keeps its first level in the shared IMemoryCache, sizing each entry by its payload: bound it by bytes.
        builder.Services.AddOptions<MemoryCacheOptions>().Configure<IOptions<ApiOptions>>((memory, api) => memory.SizeLimit = api.Value.Caching.ViewsMemoryLimitBytes);

        builder.Services.AddSingleton<CacheMetrics>();
        builder.Services.AddSingleton<ComputedViews>();
        builder.Services.AddHostedService<CacheInvalidationListener>();
        return builder;
    }

    /// <summary>
    /// Replaces the Redis output-cache store with <see cref="TieredOutputCacheStore"/> around it: the
    /// Redis store stays the shared level, this process's memory becomes the first.
    /// </summary>
    private static void AddMemoryLevelInFrontOfTheOutputStore(this IServiceCollection services)
    {
        var shared = services.Last(d => d.ServiceType == typeof(IOutputCacheStore));
        services.Remove(shared);
        services.AddSingleton(sp => new TieredOutputCacheStore(
            (IOutputCacheStore)(shared.ImplementationInstance
                                ?? shared.ImplementationFactory?.Invoke(sp)
                                ?? ActivatorUtilities.CreateInstance(sp, shared.ImplementationType!)),
            sp.GetRequiredService<IOptions<ApiOptions>>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<TieredOutputCacheStore>>()));
        services.AddSingleton<IOutputCacheStore>(sp => sp.GetRequiredService<TieredOutputCacheStore>());
    }
}
