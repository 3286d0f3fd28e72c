using StackExchange.Redis;

namespace CryptApp.Worker.Jobs;

/// <summary>Exponential waits, 250 ms doubling to 10 s, for loops that must outlive a Redis outage.</summary>
public sealed class Backoff
{
    private static readonly TimeSpan First = TimeSpan.FromMilliseconds(250);
    private static readonly TimeSpan Longest = TimeSpan.FromSeconds(10);
    private TimeSpan _next = First;

    public async Task WaitAsync(CancellationToken cancellationToken)
    {
        var wait = _next;
        _next = wait * 2 > Longest ? Longest : wait * 2;
        await Task.Delay(wait, cancellationToken);
    }

    public void Reset() => _next = First;

    /// <summary>Redis unreachable or slow: worth waiting out (<see cref="RedisFailures"/>). Anything else is a bug to surface.</summary>
    public static bool IsTransient(Exception ex) => RedisFailures.IsTransient(ex);
}
