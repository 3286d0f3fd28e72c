using System.ComponentModel.DataAnnotations;

namespace CryptApp.Worker.Etl;

/// <summary>Configuration section <c>Etl</c>.</summary>
public sealed class EtlOptions
{
    public const string SectionName = "Etl";

    /// <summary>Time between scheduled runs of CollectProcessCryptos.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Interval { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>The first run comes this long after start, so the service is up before it works.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "01:00:00")]
    public TimeSpan StartDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>How long each symbol's history is kept.</summary>
    [Range(typeof(TimeSpan), "00:01:00", "3650.00:00:00")]
    public TimeSpan HistoryRetention { get; set; } = TimeSpan.FromDays(7);

    /// <summary>How many run records are kept.</summary>
    [Range(1, 100_000)]
    public int RunHistoryLimit { get; set; } = 500;

    /// <summary>
    /// A symbol list that would remove more than this share of the stored markets at once (and more than
    /// one) is distrusted: the run keeps them all and ends PartiallySucceeded with the reason.
    /// </summary>
    [Range(0.0, 1.0)]
    public double MaxRemovalFraction { get; set; } = 0.5;

    /// <summary>
    /// How long one venue's part of a run may take: symbols not collected by then fail with this reason,
    /// so one slow venue cannot hold the run, and with it every venue's next collection, for ever.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan VenueTimeout { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Order books fetched at once per venue; each venue's rate limit still applies across them.</summary>
    [Range(1, 64)]
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>
    /// A span per Redis command on the Worker (Aspire's StackExchange.Redis tracing). Off by default: its profiler keeps
    /// every command and its payload until the next flush, which with live books written four times a second is hundreds
    /// of megabytes.
    /// </summary>
    public bool TraceRedisCommands { get; set; }
}
