using System.ComponentModel.DataAnnotations;

namespace CryptApp.Api.Extensions;

/// <summary>Configuration section <c>Api</c>.</summary>
public sealed class ApiOptions
{
    public const string SectionName = "Api";

    /// <summary>The key writes (job triggers, cancels) must carry in <c>X-Api-Key</c>; a secret, never in the repo.</summary>
    public string? Key { get; set; }

    public CachingOptions Caching { get; set; } = new();

    public RateLimitOptions RateLimit { get; set; } = new();

    public PairsOptions Pairs { get; set; } = new();

    public StreamsOptions Streams { get; set; } = new();

    /// <summary>A request still running after this is answered 504.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Origins allowed to call the Api from a browser; empty (the default) turns CORS off.</summary>
    public string[] CorsOrigins { get; set; } = [];

    public ForwardedHeadersSettings ForwardedHeaders { get; set; } = new();

    /// <summary>A span per Redis command (Aspire's StackExchange.Redis tracing); off by default for its cost on the read path.</summary>
    public bool TraceRedisCommands { get; set; }

    /// <summary>Adds <c>X-CryptApp-Instance</c> (host and PID) to every answer: shows which replica answered. Off in production.</summary>
    public bool InstanceHeader { get; set; }
}

public sealed class CachingOptions
{
    /// <summary>Off serves every request from Redis: for diagnosis and for measuring what caching buys.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>
    /// Off runs every request's handler (the miss path: views copied from Redis, lists paged from the
    /// HybridCache-held index) while the data caches stay on; for measuring the miss path.
    /// </summary>
    public bool OutputCache { get; set; } = true;

    public bool OutputCacheOn => Enabled && OutputCache;

    /// <summary>Upper bound on a cached answer's age; new data evicts it sooner (on the Worker's notification).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan Expiration { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// Size limit of the in-process first level of the output cache: response bytes, keys and each entry's bookkeeping
    /// (about 1.1 KB). The shared Redis level holds what does not fit.
    /// </summary>
    [Range(1L << 20, 1L << 34)]
    public long MemoryLimitBytes { get; set; } = 16L << 20;

    /// <summary>Size limit of HybridCache's in-process first level, the computed views (their serialized bytes).</summary>
    [Range(1L << 20, 1L << 34)]
    public long ViewsMemoryLimitBytes { get; set; } = 32L << 20;
}

public sealed class RateLimitOptions
{
    /// <summary>Requests a client (by IP address) may make per window; 0 turns rate limiting off.</summary>
    [Range(0, 1_000_000)]
    public int PermitLimit { get; set; } = 600;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromSeconds(10);
}

public sealed class PairsOptions
{
    /// <summary>
    /// Quote currencies that combine across venues, each entry as codes joined by '=' (<c>USD=USDC</c>), named
    /// after the first; empty (the default) combines only identical quotes, so USD and USDT stay apart.
    /// </summary>
    public string[] EquivalentQuotes { get; set; } = [];
}

/// <summary>The server-sent event streams of markets and pairs (<c>Api:Streams</c>).</summary>
public sealed class StreamsOptions
{
    /// <summary>Open streams one client (an IPv4 address, an IPv6 /64) may hold; one more is answered 429.</summary>
    [Range(1, 100_000)]
    public int MaxPerClient { get; set; } = 20;

    /// <summary>Open streams this process holds at most; one more is answered 429.</summary>
    [Range(1, 1_000_000)]
    public int MaxTotal { get; set; } = 5_000;

    /// <summary>A comment line goes out after this long without an event, so proxies keep the connection.</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:10:00")]
    public TimeSpan HeartbeatInterval { get; set; } = TimeSpan.FromSeconds(15);

    /// <summary>
    /// A client that has not taken an event off its connection within this long is dropped: it holds one pending
    /// event and the server's send buffer, never more.
    /// </summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan SlowClientTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The <c>retry:</c> a stream opens with: how long an <c>EventSource</c> waits before reconnecting.</summary>
    [Range(typeof(TimeSpan), "00:00:00.100", "00:10:00")]
    public TimeSpan ReconnectDelay { get; set; } = TimeSpan.FromSeconds(2);
}
