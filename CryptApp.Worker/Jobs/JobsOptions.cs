using System.ComponentModel.DataAnnotations;

namespace CryptApp.Worker.Jobs;

/// <summary>Configuration section <c>Jobs</c>: each job's schedule, the runs' leases, and how venue parts spread over Workers.</summary>
public sealed class JobsOptions
{
    public const string SectionName = "Jobs";

    public JobSchedule CollectProcessCryptos { get; set; } = new();

    public JobSchedule PruneHistory { get; set; } = new();

    /// <summary>
    /// How long a running run stays owned without a heartbeat. A Worker that dies frees its job after
    /// this much plus one poll: another replica (or the restarted one) settles the run as worker lost.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LeaseTimeout { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>How often the queue is polled for requests and lapsed leases.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:01:00")]
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>How long a run's final state is retried through a Redis outage before its lease is left to lapse.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan FinishTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>How many times a requested run whose Worker died is queued again (a new run, <c>retryOf</c> the lost one).</summary>
    [Range(1, 10)]
    public int MaxAttempts { get; set; } = 3;

    /// <summary>
    /// How many venue parts (of any runs) one Worker runs at once. Every venue's part can run in parallel
    /// on one Worker by default; lower it to make a replica leave more of a run to the others.
    /// </summary>
    [Range(1, 64)]
    public int PartCapacity { get; set; } = 8;

    /// <summary>
    /// A Worker takes at most its fair share of a run's venue parts (parts ÷ live Workers, rounded up), so
    /// a run spreads across replicas; a part still waiting after this long is taken by any Worker with room.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:10:00")]
    public TimeSpan PartClaimGrace { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Run CollectProcessCryptos at start when its last success is older than its period (once across replicas).</summary>
    public bool RunAtStartup { get; set; } = true;
}

/// <summary>An interval (<c>00:02:00</c>) or a Quartz cron expression (<c>0 0/5 * * * ?</c>); null keeps the default.</summary>
public sealed class JobSchedule
{
    public string? Schedule { get; set; }
}
