using System.Threading.RateLimiting;

namespace CryptApp.Worker.Etl;

/// <summary>
/// Spaces requests to the exchange. It sits inside the retry handler, so every attempt, retries
/// included, waits for its turn; the limiter is shared by all requests of the process.
/// </summary>
public sealed class ExchangeRateLimitHandler(ExchangeRateLimiter limiter) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        using var lease = await limiter.Limiter.AcquireAsync(1, cancellationToken);
        return await base.SendAsync(request, cancellationToken);
    }
}

/// <summary>One token bucket per process, refilled at the configured requests per second, no bursts.</summary>
public sealed class ExchangeRateLimiter(double requestsPerSecond) : IDisposable
{
    public RateLimiter Limiter { get; } = new TokenBucketRateLimiter(new TokenBucketRateLimiterOptions
    {
        TokenLimit = 1,
        TokensPerPeriod = 1,
        ReplenishmentPeriod = TimeSpan.FromSeconds(1 / requestsPerSecond),
        QueueLimit = int.MaxValue,
        QueueProcessingOrder = QueueProcessingOrder.OldestFirst,
        AutoReplenishment = true,
    });

    public void Dispose() => Limiter.Dispose();
}
