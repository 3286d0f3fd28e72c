namespace CryptApp.Core.Storage;

/// <summary>
/// The Redis layout, in one place. Symbols are upper-cased in keys so lookups are case-insensitive;
/// values keep the exchange's own spelling.
/// </summary>
/// <remarks>
/// Redis Cluster (and Azure Managed Redis) refuse a MULTI or a script whose keys sit in different hash
/// slots, so every key one atomic step touches shares a hash tag: a symbol's snapshot, levels and history
/// are tagged with the symbol; the whole job subsystem (runs, queue, leases, markers, slots) with
/// <c>{jobs}</c>, because its transitions touch the run, the queue and the job's marker at once.
/// </remarks>
public static class RedisKeys
{
    private const string Prefix = "cryptapp:";
    private const string Jobs = Prefix + "{jobs}:";

    /// <summary>String: one market's snapshot as JSON.</summary>
    public static string Market(string symbol) => $"{Prefix}market:{Tag(symbol)}";

    /// <summary>
    /// Hash: one market's ready-made views as the Api serves them (UTF-8 JSON per field: <c>market</c>,
    /// <c>book</c>, <c>compat</c>, <c>compat-bids</c>, <c>compat-asks</c>) and their <c>version</c>.
    /// </summary>
    public static string Views(string symbol) => $"{Prefix}views:{Tag(symbol)}";

    /// <summary>Sorted set: one market's history points, scored by unix milliseconds.</summary>
    public static string History(string symbol) => $"{Prefix}history:{Tag(symbol)}";

    /// <summary>Pub/sub channel: the Worker wrote, closed or stopped streaming one market (<see cref="MarketChange"/>); the Api's streams of it listen.</summary>
    public static string MarketChanges(string symbol) => $"{Prefix}events:market:{Normalize(symbol)}";

    /// <summary>Hash: normalized symbol → market summary JSON, the list of collected markets.</summary>
    public const string MarketIndex = Prefix + "markets";

    /// <summary>Hash: normalized market id → the levels a side its venue is asked for next (<c>VenueDefinition.NextDepth</c>).</summary>
    public const string Depths = Prefix + "depths";

    /// <summary>Hash: venue id → the JSON <c>VenueStreamStatus</c> its stream's owner last wrote.</summary>
    public const string Streams = Prefix + "streams";

    /// <summary>String with a TTL: the Worker that owns the venue's stream (its connection), renewed while it streams.</summary>
    public static string StreamLease(string venue) => $"{Prefix}stream-lease:{venue}";

    /// <summary>Hash: market id → UTC ticks of the last live book written for it (the REST run leaves those markets to the stream).</summary>
    public const string LiveBooks = Prefix + "live-books";

    /// <summary>Hash: venue id (<c>binance</c>) → its status JSON (last success, last error, markets, rate budget).</summary>
    public const string Exchanges = Prefix + "exchanges";

    /// <summary>Pub/sub channel: the Worker announces that a run changed market data.</summary>
    public const string MarketsChangedChannel = Prefix + "events:markets-changed";

    /// <summary>Hash: one run's state (status, owner, times, reason) and its progress JSON.</summary>
    public static string Run(string id) => RunPrefix + id;

    public const string RunPrefix = Jobs + "run:";

    /// <summary>Sorted set: run ids scored by creation time (unix milliseconds), for newest-first listing.</summary>
    public const string RunIndex = Jobs + "runs";

    /// <summary>Sorted set: one job's run ids (the job's name), scored like <see cref="RunIndex"/>.</summary>
    public static string RunsOfJob(string job) => $"{RunsOfJobPrefix}{job}";

    public const string RunsOfJobPrefix = Jobs + "runs:job:";

    /// <summary>Sorted set: the run ids in one status, scored like <see cref="RunIndex"/>; moved by every transition.</summary>
    public static string RunsInStatus(string status) => $"{RunsInStatusPrefix}{status}";

    public const string RunsInStatusPrefix = Jobs + "runs:status:";

    /// <summary>Sorted set: one job's run ids in one status, scored like <see cref="RunIndex"/>; moved by every transition.</summary>
    public static string RunsOfJobInStatus(string job, string status) => $"{RunsOfJobPrefix}{job}:status:{status}";

    /// <summary>
    /// String: present once every run in <see cref="RunIndex"/> is also in the job and status indexes. A store
    /// without it (its runs written without those indexes) is indexed on its first read.
    /// </summary>
    public const string RunIndexesComplete = Jobs + "runs:indexed";

    /// <summary>Set: ids of the runs in <c>Running</c>, which the reaper checks for lapsed leases.</summary>
    public const string RunningRuns = Jobs + "running";

    /// <summary>String with a TTL: the owner of a running run; gone when its Worker stops renewing it.</summary>
    public static string Lease(string runId) => LeasePrefix + runId;

    public const string LeasePrefix = Jobs + "lease:";

    /// <summary>String: the job's queued or running run. Counts only while that run is queued, or running under a lease.</summary>
    public static string ActiveRun(string job) => ActivePrefix + job;

    public const string ActivePrefix = Jobs + "active:";

    /// <summary>String: unix milliseconds of the job's last run that collected anything (for the start-up run).</summary>
    public static string LastSuccess(string job) => $"{Jobs}last-success:{job}";

    /// <summary>String with a TTL: a scheduled slot of a job, taken by the replica that runs it.</summary>
    public static string Slot(string job, DateTimeOffset slot) => $"{Jobs}slot:{job}:{slot.ToUnixTimeMilliseconds()}";

    /// <summary>
    /// Never written: declared as the last key of every transition that reads or moves a job's marker, so a
    /// server that locks only a script's declared keys (Garnet) still runs those transitions one at a time,
    /// as Redis runs every script. (The marker and the other run's record are found inside the script.)
    /// </summary>
    public const string Transitions = Jobs + "transitions";

    /// <summary>List: run requests waiting for a Worker (pushed left, taken right).</summary>
    public const string Queue = Jobs + "queue";

    /// <summary>List: queue messages that could not be decoded or named no run; kept for an operator.</summary>
    public const string DeadLetters = Jobs + "queue:dead";

    /// <summary>
    /// Hash: one venue's part of a run (<c>{runId}:{venue}</c>): status, owner, attempt, times, and its
    /// progress and result JSON. Expires a while after it ends: the run record keeps the outcome.
    /// </summary>
    public static string Part(string partId) => PartPrefix + partId;

    public const string PartPrefix = Jobs + "part:";

    /// <summary>String with a TTL: the Worker running a venue part; gone when it stops renewing it.</summary>
    public static string PartLease(string partId) => PartLeasePrefix + partId;

    public const string PartLeasePrefix = Jobs + "part-lease:";

    /// <summary>Sorted set: venue parts waiting for a Worker, scored by when they were queued (unix milliseconds).</summary>
    public const string PartQueue = Jobs + "parts";

    /// <summary>Set: ids of the venue parts in <c>Running</c>, which the reaper checks for lapsed leases.</summary>
    public const string RunningParts = Jobs + "running-parts";

    /// <summary>Sorted set: Worker owner → when it last polled for parts; the live ones share a run's venues.</summary>
    public const string Workers = Jobs + "workers";

    /// <summary>Pub/sub channel: venue parts were queued; idle Workers look at once instead of at their next poll.</summary>
    public const string PartsQueuedChannel = Prefix + "events:parts-queued";

    /// <summary>Hash: job name → job info JSON (schedule, previous and next fire).</summary>
    public const string JobCatalog = Jobs + "catalog";

    /// <summary>Pub/sub channel: a run was asked to stop.</summary>
    public const string CancelChannel = Prefix + "events:cancel-run";

    public static string Normalize(string symbol) => symbol.ToUpperInvariant();

    private static string Tag(string symbol) => "{" + Normalize(symbol) + "}";
}
