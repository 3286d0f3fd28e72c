using CryptApp.Core.Jobs;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Runs;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>The original system's scheduled task, run by Quartz; never two at once.</summary>
[DisallowConcurrentExecution]
public sealed class CollectProcessCryptosJob(CollectProcessCryptosPipeline pipeline, RunGate gate) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        gate.RunAsync(context, JobCatalog.CollectProcessCryptos, pipeline.RunAsync, cancellationToken);
}
