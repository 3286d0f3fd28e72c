using System.ComponentModel.DataAnnotations;

namespace CryptApp.Core.Exchanges;

/// <summary>Configuration section <c>Exchanges:Blockchain</c>.</summary>
public sealed class BlockchainExchangeOptions
{
    public const string SectionName = "Exchanges:Blockchain";

    [Required]
    public Uri BaseUrl { get; set; } = new("https://api.blockchain.com/v3/exchange");

    /// <summary>The exchange publishes no REST limit; two requests a second is polite.</summary>
    [Range(0.1, 1000)]
    public double RequestsPerSecond { get; set; } = 2;

    /// <summary>Per attempt; retries come on top (standard resilience handler).</summary>
    [Range(typeof(TimeSpan), "00:00:01", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Retries after a 5xx, 429, timeout or network error, with jittered exponential backoff.</summary>
    [Range(1, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially. A 429's Retry-After takes precedence.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Largest response body accepted; a bigger one fails the symbol instead of the worker.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 64 * 1024 * 1024;
}
