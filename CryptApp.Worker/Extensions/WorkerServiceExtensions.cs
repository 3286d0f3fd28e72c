using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Jobs;
using CryptApp.Worker.Parts;
using CryptApp.Worker.Runs;
using CryptApp.Worker.Streaming;
using Microsoft.Extensions.Options;
using Quartz;

namespace CryptApp.Worker;

public static class WorkerServiceExtensions
{
    public static IHostApplicationBuilder AddApplicationServices(this IHostApplicationBuilder builder)
    {
        // Read here, not through IOptions: Aspire adds the tracing while services are registered.
        builder.AddCryptAppStorage(traceCommands: builder.Configuration.GetValue($"{EtlOptions.SectionName}:{nameof(EtlOptions.TraceRedisCommands)}", false));
        builder.Services.AddSingleton<WorkerTelemetry>();

        builder.AddVenueClients();
        builder.AddEtl();
        builder.AddJobs();
        builder.AddLiveBooks();
        return builder;
    }

    /// <summary>Each enabled venue's live books over its WebSocket, and the writer that stores their views.</summary>
    private static void AddLiveBooks(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<StreamingOptions>()
            .BindConfiguration(StreamingOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<LiveStreams>();
        builder.Services.AddHostedService(sp => sp.GetRequiredService<LiveStreams>());
        builder.Services.AddHostedService<LiveBookWriter>();
        builder.Services.AddHostedService<StreamStatusWriter>();
    }

    private static void AddEtl(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EtlOptions>()
            .BindConfiguration(EtlOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<VenueCollector>();
        builder.Services.AddTransient<CollectProcessCryptosPipeline>();
    }

    /// <summary>Quartz with the job catalogue, the Redis queue consumer, the venue part consumer, and the start-up run.</summary>
    private static void AddJobs(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<JobsOptions>()
            .BindConfiguration(JobsOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();
        builder.Services.AddSingleton<SlotLocks>();
        builder.Services.AddSingleton<RunRegistry>();
        builder.Services.AddSingleton<JobSchedules>();
        builder.Services.AddSingleton<RunGate>();
        builder.Services.AddHostedService<JobCatalogPublisher>();
        builder.Services.AddHostedService<RunQueueConsumer>();
        builder.Services.AddSingleton<PartQueue>();
        builder.Services.AddSingleton<VenuePartRunner>();
        builder.Services.AddHostedService<VenuePartConsumer>();

        builder.Services.AddQuartz(quartz =>
        {
            AddScheduledJob<CollectProcessCryptosJob>(quartz, JobCatalog.CollectProcessCryptos);
            AddScheduledJob<PruneHistoryJob>(quartz, JobCatalog.PruneHistory);
        });
        builder.Services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        // After Quartz, so the scheduler it triggers is started.
        builder.Services.AddHostedService<StartupRun>();
    }

    private static void AddScheduledJob<TJob>(IQuartzBuilder quartz, JobDefinition definition) where TJob : class, IJob
    {
        var job = new JobKey(definition.Name);
        // Durable: queued runs trigger the job by key even when its schedule has no fire left.
        quartz.AddJob<TJob>(j => j.WithIdentity(job).StoreDurably());
        quartz.AddTrigger((sp, trigger) =>
        {
            var schedules = sp.GetRequiredService<JobSchedules>();
            var earliest = sp.GetRequiredService<TimeProvider>().GetUtcNow() + sp.GetRequiredService<IOptions<EtlOptions>>().Value.StartDelay;
            trigger.ForJob(job).WithIdentity($"{definition.Name}.schedule");
            JobScheduling.Configure(trigger, schedules.ScheduleOf(definition), earliest);
        });
    }
}
