namespace CryptApp.Worker.Runs;

/// <summary>
/// A Worker loop that must outlive a Redis outage: runs <c>pass</c> until the host stops; a pass that
/// fails because Redis is away is reported and retried after a backoff (250 ms doubling to 10 s), which a
/// pass resets once Redis answers again. Anything else is a bug and ends the loop with it.
/// </summary>
public static class RedisLoop
{
    public static async Task RunAsync(Func<Backoff, CancellationToken, Task> pass, Action<string> unavailable, CancellationToken stopping)
    {
        var backoff = new Backoff();
        while (!stopping.IsCancellationRequested)
        {
            try
            {
                await pass(backoff, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex) when (Backoff.IsTransient(ex))
            {
                unavailable(ex.Message);
                try
                {
                    await backoff.WaitAsync(stopping);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }
}
