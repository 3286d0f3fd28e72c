using CryptApp.Core.Jobs;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Jobs;

/// <summary>
/// Publishes the catalogue at start, so the Api knows the schedules before the first fire; while Redis
/// does not answer it retries with backoff instead of failing the Worker's start.
/// </summary>
public sealed partial class JobCatalogPublisher(
    JobSchedules schedules, IOptions<EtlOptions> etl, TimeProvider time, ILogger<JobCatalogPublisher> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var backoff = new Backoff();
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                foreach (var job in JobCatalog.All)
                {
                    var schedule = schedules.ScheduleOf(job);
                    var earliest = time.GetUtcNow() + etl.Value.StartDelay;
                    DateTimeOffset? next = JobScheduling.TryInterval(schedule, out var interval) ? JobScheduling.AlignedStart(earliest, interval) : null;
                    await schedules.PublishAsync(job, null, next);
                }

                return;
            }
            catch (Exception ex) when (Backoff.IsTransient(ex))
            {
                LogUnavailable(ex.Message);
                await backoff.WaitAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the job catalogue yet: {Reason}")]
    private partial void LogUnavailable(string reason);
}
