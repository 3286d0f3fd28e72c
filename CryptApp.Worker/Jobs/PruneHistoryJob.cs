using System.Diagnostics;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Etl;
using Microsoft.Extensions.Options;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>Maintenance: history past its retention and run records past the limit go.</summary>
[DisallowConcurrentExecution]
public sealed partial class PruneHistoryJob(
    MarketStore markets,
    RunStore runs,
    RunGate gate,
    JobCatalog catalog,
    IOptions<EtlOptions> etl,
    TimeProvider time,
    WorkerTelemetry telemetry,
    ILogger<PruneHistoryJob> logger) : IJob
{
    public const string Name = JobCatalogue.PruneHistory;

    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        gate.RunAsync(context, Name, catalog.ScheduleOf(Name), PruneAsync, cancellationToken);

    private async Task PruneAsync(string runId, string trigger, ActivityContext parent, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity(Name, ActivityKind.Internal, parent);
        var run = RunRecord.Start(runId, Name, trigger, time.GetUtcNow());
        await runs.SaveAsync(run);

        var points = await markets.PruneHistoryAsync(time.GetUtcNow() - etl.Value.HistoryRetention);
        var records = await runs.TrimAsync(etl.Value.RunHistoryLimit);

        var finished = run with { Status = RunStatus.Succeeded, FinishedAt = time.GetUtcNow() };
        await runs.SaveAsync(finished);
        telemetry.RunFinished(finished);
        LogPruned(points, records);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Points} history points and {Records} run records")]
    private partial void LogPruned(long points, int records);
}
