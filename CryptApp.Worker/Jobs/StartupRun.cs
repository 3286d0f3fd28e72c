using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>
/// A Worker that starts on an empty or stale store collects at once instead of waiting for the next
/// slot of its grid (an hour, with a 1 h interval). The gate starts the run only if the last success is
/// still older than the job's period when it fires, and no run is active, so N replicas starting
/// together run it once.
/// </summary>
public sealed partial class StartupRun(
    ISchedulerFactory schedulers,
    JobStore store,
    JobSchedules schedules,
    IOptions<JobsOptions> options,
    TimeProvider time,
    ILogger<StartupRun> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunAtStartup)
        {
            return;
        }

        var job = JobCatalog.CollectProcessCryptos;
        var backoff = new Backoff();
        while (true)
        {
            try
            {
                var last = await store.LastSuccessAsync(job.Name);
                if (last is { } at && time.GetUtcNow() - at < schedules.PeriodOf(job))
                {
                    return;
                }

                LogStartupRun(job.Name, last);
                var scheduler = await schedulers.GetScheduler(stoppingToken);
                await scheduler.TriggerJob(new JobKey(job.Name), new JobDataMap { [JobData.Trigger] = RunTriggers.Startup }, stoppingToken);
                return;
            }
            catch (Exception ex) when (Backoff.IsTransient(ex))
            {
                LogWaiting(ex.Message);
                await backoff.WaitAsync(stoppingToken);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Job} last succeeded at {LastSuccess}: running it now, before its first slot")]
    private partial void LogStartupRun(string job, DateTimeOffset? lastSuccess);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start-up check waits for Redis: {Reason}")]
    private partial void LogWaiting(string reason);
}
