using System.Diagnostics;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>Maintenance: history past its retention and run records past the limit go.</summary>
[DisallowConcurrentExecution]
public sealed partial class PruneHistoryJob(
    MarketStore markets,
    JobStore runs,
    RunGate gate,
    IOptions<EtlOptions> etl,
    TimeProvider time,
    WorkerTelemetry telemetry,
    ILogger<PruneHistoryJob> logger) : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) =>
        gate.RunAsync(context, JobCatalog.PruneHistory, PruneAsync, cancellationToken);

    private async Task<RunOutcome> PruneAsync(RunContext run, CancellationToken cancellationToken)
    {
        using var activity = telemetry.Source.StartActivity(run.Job.Name, ActivityKind.Internal, run.Parent);
        var points = await markets.PruneHistoryAsync(time.GetUtcNow() - etl.Value.HistoryRetention, cancellationToken);
        var records = await runs.TrimAsync(etl.Value.RunHistoryLimit);
        LogPruned(points, records);
        return new RunOutcome(RunStatus.Succeeded, $"pruned {points} history points and {records} run records", RunCounts.None);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Pruned {Points} history points and {Records} run records")]
    private partial void LogPruned(long points, int records);
}
