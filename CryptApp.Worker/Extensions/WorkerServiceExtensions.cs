using CryptApp.Core.Exchanges;
using CryptApp.Core.Storage;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Jobs;
using Microsoft.Extensions.Http.Resilience;
using Microsoft.Extensions.Options;
using Quartz;

namespace CryptApp.Worker;

public static class WorkerServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        builder.AddRedisClient("cache");
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<WorkerTelemetry>();
        builder.Services.AddSingleton<MarketStore>();
        builder.Services.AddSingleton<RunStore>();
        builder.Services.AddSingleton<JobCatalogStore>();
        builder.Services.AddSingleton<JobCatalog>();
        builder.Services.AddHostedService<JobCatalogPublisher>();

        builder.AddExchangeClient();
        builder.AddEtl();
        return builder;
    }

    private static void AddExchangeClient(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<BlockchainExchangeOptions>()
            .BindConfiguration(BlockchainExchangeOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        builder.Services.AddSingleton(sp =>
            new ExchangeRateLimiter(sp.GetRequiredService<IOptions<BlockchainExchangeOptions>>().Value.RequestsPerSecond));
        builder.Services.AddTransient<ExchangeRateLimitHandler>();
        builder.Services.AddTransient<ExchangeMetricsHandler>();

#pragma warning disable EXTEXP0001 // RemoveAllResilienceHandlers is experimental, yet the documented way to replace the default pipeline.
        builder.Services.AddHttpClient<BlockchainExchangeClient>((sp, client) =>
                BlockchainExchangeClient.Configure(client, sp.GetRequiredService<IOptions<BlockchainExchangeOptions>>().Value))
            // The service defaults' handler does not know our per-request timeout: replace it.
            .RemoveAllResilienceHandlers()
            .AddStandardResilienceHandler()
            .Configure((HttpStandardResilienceOptions resilience, IServiceProvider sp) =>
            {
                var exchange = sp.GetRequiredService<IOptions<BlockchainExchangeOptions>>().Value;
                resilience.AttemptTimeout.Timeout = exchange.RequestTimeout;
                resilience.Retry.MaxRetryAttempts = exchange.MaxRetries;
                resilience.Retry.Delay = exchange.RetryBaseDelay;
                // Open only when most requests fail (the exchange is down), not for one bad symbol.
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.MinimumThroughput = 20;
                resilience.CircuitBreaker.SamplingDuration = Max(exchange.RequestTimeout * 2, TimeSpan.FromSeconds(30));
                // Room for every retry and its backoff, plus time queued behind the rate limit.
                resilience.TotalRequestTimeout.Timeout = exchange.RequestTimeout * 4 + TimeSpan.FromSeconds(30);
            });
#pragma warning restore EXTEXP0001
        builder.Services.AddHttpClient<BlockchainExchangeClient>()
            .AddHttpMessageHandler<ExchangeRateLimitHandler>()
            .AddHttpMessageHandler<ExchangeMetricsHandler>();
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static void AddEtl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EtlOptions>()
            .BindConfiguration(EtlOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddTransient<CollectProcessCryptosPipeline>();

        builder.Services.AddQuartz(quartz =>
        {
            var job = new JobKey(CollectProcessCryptosJob.Name);
            quartz.AddJob<CollectProcessCryptosJob>(j => j.WithIdentity(job));
            quartz.AddTrigger((sp, trigger) =>
            {
                var etl = sp.GetRequiredService<IOptions<EtlOptions>>().Value;
                var time = sp.GetRequiredService<TimeProvider>();
                trigger.ForJob(job)
                    .WithIdentity($"{CollectProcessCryptosJob.Name}.schedule")
                    .StartAt(time.GetUtcNow() + etl.StartDelay)
                    // After downtime, wait for the next slot instead of replaying missed ones.
                    .WithSimpleSchedule(s => s
                        .WithInterval(etl.Interval)
                        .RepeatForever()
                        .WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount));
            });
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
    }
}
