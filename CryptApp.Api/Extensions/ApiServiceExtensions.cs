using CryptApp.Api.ReadModel;
using CryptApp.Api.Streams;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;

namespace CryptApp.Api.Extensions;

public static class ApiServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // On the request path Redis must fail fast: half a second, and at once while disconnected
        // (no backlog), so a request is answered 503 within a second instead of waiting for Redis.
        // A span per Redis command costs the miss path a third of its throughput and its p99 (60-145 ms
        // against 3 ms, in the load run): off by default on the Api's read path, Api:TraceRedisCommands brings it back.
        // Read here, not through IOptions: Aspire adds the tracing while services are registered.
        var traceRedis = builder.Configuration.GetValue($"{ApiOptions.SectionName}:{nameof(ApiOptions.TraceRedisCommands)}", false);
        builder.AddCryptAppStorage(traceCommands: traceRedis, configure: redis =>
        {
            redis.AsyncTimeout = 500;
            redis.SyncTimeout = 500;
            redis.ConnectTimeout = 2000;
            redis.BacklogPolicy = StackExchange.Redis.BacklogPolicy.FailFast;
            // Completions on the .NET thread pool, where the request continues anyway: fewer handoffs between threads.
            redis.SocketManager = StackExchange.Redis.SocketManager.ThreadPool;
        });
        builder.Services.AddOptions<ApiOptions>()
            .BindConfiguration(ApiOptions.SectionName)
            .ValidateDataAnnotations()
            .Validate(
                api => QuoteEquivalence.Parse(api.Pairs.EquivalentQuotes, out _) is not null,
                "Api:Pairs:EquivalentQuotes: each entry must be currency codes joined by '=' (USD=USDC), each code in one entry at most")
            .ValidateOnStart();
        builder.Services.AddSingleton<QuoteEquivalence>();
        // The Worker's Stream section: how long a live book stays fresh and how often it is written.
        builder.Services.AddOptions<StreamingOptions>()
            .BindConfiguration(StreamingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddProblemDetails();
        builder.Services.AddExceptionHandler<RedisUnavailableHandler>();
        builder.Services.ConfigureHttpJsonOptions(json =>
            json.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));

        builder.Services.AddSingleton<StreamMetrics>();
        builder.Services.AddSingleton<StreamAdmission>();
        builder.Services.AddSingleton<StreamHub>();
        builder.Services.AddHostedService(services => services.GetRequiredService<StreamHub>());

        builder.AddCaching();
        builder.AddLimits();
        builder.Services.AddOpenApi();
        return builder;
    }
}
