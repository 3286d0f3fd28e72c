using CryptApp.Core.Jobs;
using CryptApp.Worker.Etl;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>The original system's scheduled task, run by Quartz; never two at once.</summary>
[DisallowConcurrentExecution]
public sealed class CollectProcessCryptosJob(CollectProcessCryptosPipeline pipeline, JobCatalog catalog) : IJob
{
    public const string Name = CollectProcessCryptosPipeline.JobName;

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        await catalog.PublishAsync(catalog.CollectProcessCryptos(context.ScheduledFireTimeUtc ?? context.FireTimeUtc, context.NextFireTimeUtc));
        await pipeline.RunAsync(Guid.CreateVersion7().ToString("N"), RunTriggers.Schedule, cancellationToken);
    }
}
