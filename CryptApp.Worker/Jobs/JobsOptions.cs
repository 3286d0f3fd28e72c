using System.ComponentModel.DataAnnotations;

namespace CryptApp.Worker.Jobs;

/// <summary>Configuration section <c>Jobs</c>: each job's schedule, and the queue's lease.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    public JobSchedule CollectProcessCryptos { get; set; } = new();

    public JobSchedule PruneHistory { get; set; } = new() { Schedule = "01:00:00" };

    /// <summary>How long a taken request stays invisible to other Workers without a heartbeat.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the queue is polled for requests.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);
}

/// <summary>An interval (<c>00:02:00</c>) or a Quartz cron expression (<c>0 0/5 * * * ?</c>); null keeps the default.</summary>
public sealed class JobSchedule
{
    public string? Schedule { get; set; }
}
