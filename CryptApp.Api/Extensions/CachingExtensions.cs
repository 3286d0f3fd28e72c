using CryptApp.Api.Caching;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.AspNetCore.OutputCaching.StackExchangeRedis;
using Microsoft.Extensions.Caching.StackExchangeRedis;
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
        var caching = builder.Configuration.GetSection($"{ApiOptions.SectionName}:Caching").Get<CachingOptions>() ?? new CachingOptions();

        builder.Services.AddStackExchangeRedisOutputCache(_ => { });
        builder.Services.AddOptions<RedisOutputCacheOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
        {
            options.InstanceName = "cryptapp:output:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
        });
        builder.Services.AddOutputCache(options =>
        {
            options.AddPolicy(CacheTags.MarketPolicy, policy =>
            {
                if (!caching.Enabled)
                {
                    policy.NoCache();
                    return;
                }

                policy.Expire(caching.Expiration).SetVaryByQuery("*").Tag(CacheTags.Markets).AddPolicy<SymbolTagPolicy>();
            });
            // Runs change while they go (progress): cache them briefly, and evict them on every run's end.
            options.AddPolicy(CacheTags.RunsPolicy, policy =>
            {
                if (!caching.Enabled)
                {
                    policy.NoCache();
                    return;
                }

                policy.Expire(TimeSpan.FromSeconds(1)).SetVaryByQuery("*").Tag(CacheTags.Runs);
            });
        });

        builder.Services.AddStackExchangeRedisCache(_ => { });
        builder.Services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((options, redis) =>
        {
            options.InstanceName = "cryptapp:hybrid:";
            options.ConnectionMultiplexerFactory = () => Task.FromResult(redis);
        });
        builder.Services.AddHybridCache();

        builder.Services.AddSingleton<CacheMetrics>();
        builder.Services.AddSingleton<MarketViews>();
        builder.Services.AddHostedService<CacheInvalidationListener>();
        return builder;
    }
}
