using System.Globalization;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Etl;
using Microsoft.Extensions.Options;
using Quartz;

namespace CryptApp.Worker.Jobs;

/// <summary>Each job's schedule from configuration, and its catalogue entry in Redis for the Api.</summary>
public sealed class JobSchedules(JobStore store, IOptions<JobsOptions> jobs, IOptions<EtlOptions> etl, TimeProvider time)
{
    /// <summary><c>Jobs:&lt;Name&gt;:Schedule</c>; for CollectProcessCryptos <c>Etl:Interval</c> by default.</summary>
    public string ScheduleOf(JobDefinition job) =>
        (job == JobCatalog.CollectProcessCryptos ? jobs.Value.CollectProcessCryptos.Schedule ?? etl.Value.Interval.ToString("c", CultureInfo.InvariantCulture)
        : job == JobCatalog.PruneHistory ? jobs.Value.PruneHistory.Schedule
        : null) ?? job.DefaultSchedule;

    /// <summary>The time between two firings: the interval itself, or the gap between a cron's next two fire times.</summary>
    public TimeSpan PeriodOf(JobDefinition job)
    {
        var schedule = ScheduleOf(job);
        if (JobScheduling.TryInterval(schedule, out var interval))
        {
            return interval;
        }

        var cron = new CronExpression(schedule);
        var next = cron.GetNextValidTimeAfter(time.GetUtcNow());
        var after = next is null ? null : cron.GetNextValidTimeAfter(next.Value);
        return next is null || after is null ? TimeSpan.MaxValue : after.Value - next.Value;
    }

    public Task PublishAsync(JobDefinition job, DateTimeOffset? previous, DateTimeOffset? next)
    {
        var schedule = ScheduleOf(job);
        return store.SaveJobAsync(new JobInfo(
            job.Name,
            job.Id,
            job.Description,
            JobScheduling.TryInterval(schedule, out _) ? $"every {schedule}" : $"cron {schedule}",
            previous,
            next));
    }
}
