using CryptApp.Core.Jobs;
using CryptApp.Worker.Etl;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>The original system's scheduled task, run by Quartz; never two at once.</summary>
[DisallowConcurrentExecution]
public sealed class CollectProcessCryptosJob(CollectProcessCryptosPipeline pipeline, RunGate gate, JobCatalog catalog) : IJob
{
    public const string Name = JobCatalogue.CollectProcessCryptos;

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        gate.RunAsync(
            context, Name, catalog.ScheduleOf(Name),
            async (runId, trigger, parent, token) => await pipeline.RunAsync(runId, trigger, token, parent),
            cancellationToken);
}
