using System.Globalization;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Etl;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Jobs;

/// <summary>The Worker's jobs, their schedules from configuration, and their catalogue entries in Redis.</summary>
public sealed class JobCatalog(JobCatalogStore store, IOptions<JobsOptions> jobs, IOptions<EtlOptions> etl)
{
    private static readonly Dictionary<string, string> Descriptions = new()
    {
        [JobCatalogue.CollectProcessCryptos] = "Collects every open symbol's order book from the exchange and stores its metrics",
        [JobCatalogue.PruneHistory] = "Drops history past its retention and run records past the limit",
    };

    /// <summary><c>Jobs:CollectProcessCryptos:Schedule</c>, else <c>Etl:Interval</c>.</summary>
    public string ScheduleOf(string job) => job switch
    {
        JobCatalogue.CollectProcessCryptos => jobs.Value.CollectProcessCryptos.Schedule ?? etl.Value.Interval.ToString("c", CultureInfo.InvariantCulture),
        JobCatalogue.PruneHistory => jobs.Value.PruneHistory.Schedule ?? "01:00:00",
        _ => throw new ArgumentOutOfRangeException(nameof(job), job, "not a job of the catalogue"),
    };

    public Task PublishAsync(string job, DateTimeOffset? previous, DateTimeOffset? next)
    {
        var schedule = ScheduleOf(job);
        return store.SaveAsync(new JobInfo(
            job,
            JobNames.ToKebab(job),
            Descriptions[job],
            JobScheduling.TryInterval(schedule, out _) ? $"every {schedule}" : $"cron {schedule}",
            previous,
            next));
    }
}

/// <summary>Publishes the catalogue at start, before the first fire, so the Api knows the schedules at once.</summary>
public sealed class JobCatalogPublisher(JobCatalog catalog, IOptions<EtlOptions> etl, TimeProvider time) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        foreach (var job in JobCatalogue.All)
        {
            var schedule = catalog.ScheduleOf(job);
            var earliest = time.GetUtcNow() + etl.Value.StartDelay;
            DateTimeOffset? next = JobScheduling.TryInterval(schedule, out var interval) ? JobScheduling.AlignedStart(earliest, interval) : null;
            await catalog.PublishAsync(job, null, next);
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
