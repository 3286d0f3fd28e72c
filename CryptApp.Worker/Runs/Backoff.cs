namespace CryptApp.Worker.Runs;

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

    /// <summary>
    /// Runs <paramref name="write"/>, retrying while Redis is away for up to <paramref name="limit"/>; returns
    /// its answer, or null when it gave up (a lease then lapses and a replica settles the work).
    /// </summary>
    public static async Task<T?> RetryAsync<T>(Func<Task<T>> write, TimeSpan limit, TimeProvider time, Action<string> retrying) where T : struct
    {
        var backoff = new Backoff();
        var first = time.GetUtcNow();
        while (true)
        {
            try
            {
                return await write();
            }
            catch (Exception ex) when (IsTransient(ex))
            {
                if (time.GetUtcNow() - first > limit)
                {
                    return null;
                }

                retrying(ex.Message);
                await backoff.WaitAsync(CancellationToken.None);
            }
        }
    }
}
