using CryptApp.Api.Caching;
using CryptApp.Core.Storage;

namespace CryptApp.Api.Extensions;

public static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // On the request path Redis must fail fast: half a second, and at once while disconnected
        // (no backlog), so a request is answered 503 within a second instead of waiting for Redis.
        // A span per Redis command costs the miss path a third of its throughput and its p99 (60-145 ms
        // against 3 ms, in the load run): off by default on the Api's read path, Api:TraceRedisCommands brings it back.
        var traceRedis = builder.Configuration.GetValue($"{ApiOptions.SectionName}:TraceRedisCommands", false);
        builder.AddRedisClient("cache", configureSettings: settings => settings.DisableTracing = !traceRedis, configureOptions: redis =>
        {
            redis.AsyncTimeout = 500;
            redis.SyncTimeout = 500;
            redis.ConnectTimeout = 2000;
            redis.AbortOnConnectFail = false;
            redis.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
            // Back within a second of Redis, not after an exponential backoff grown during the outage.
            redis.ReconnectRetryPolicy = new StackExchange.Redis.LinearRetry(500);
            // Completions on the .NET thread pool, where the request continues anyway: fewer handoffs between threads.
            redis.SocketManager = StackExchange.Redis.SocketManager.ThreadPool;
        });
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<MarketStore>();
        builder.Services.AddSingleton<JobStore>();
        builder.Services.AddSingleton<JobQueue>();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<RedisUnavailableHandler>();
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        builder.AddCaching();
        builder.AddLimits();
        builder.Services.AddOpenApi();
        return builder;
    }
}
