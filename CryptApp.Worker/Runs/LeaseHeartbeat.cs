using CryptApp.Core.Storage;

namespace CryptApp.Worker.Runs;

/// <summary>
/// Keeps a lease (a run's or a venue part's) alive: renews it every third of its length until stopped,
/// and hands a cancel request or the loss of the lease to <paramref name="signal"/>. A renewal that fails
/// while Redis is away is only reported: the next one may succeed, and a lapsed lease is settled elsewhere.
/// </summary>
public static class LeaseHeartbeat
{
    public static async Task RunAsync(
        Func<Task<RenewResult>> renew,
        TimeSpan lease,
        TimeProvider time,
        Action<RenewResult> signal,
        Action<string> renewFailed,
        CancellationToken stop)
    {
        using var timer = new PeriodicTimer(lease / 3, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                try
                {
                    var result = await renew();
                    if (result is not RenewResult.Renewed)
                    {
                        signal(result);
                    }

                    if (result is RenewResult.Lost)
                    {
                        return;
                    }
                }
                catch (Exception ex) when (Backoff.IsTransient(ex))
                {
                    renewFailed(ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The work is over.
        }
    }
}
