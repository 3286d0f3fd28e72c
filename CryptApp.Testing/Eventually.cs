namespace CryptApp.Testing;

/// <summary>
/// Waits for a condition, not for time: asks again every <c>poll</c> until it holds, and past the timeout fails
/// with what it last saw. Every poll loop of the tests goes through here.
/// </summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultPoll = TimeSpan.FromMilliseconds(100);

    /// <summary>Waits until <paramref name="condition"/> holds; past <paramref name="timeout"/> fails with <paramref name="describe"/>.</summary>
    public static async Task That(
        Func<Task<bool>> condition, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken = default, TimeSpan? poll = null) =>
        await Value(async () => await condition(), done => done, timeout, _ => describe(), cancellationToken, poll);

    /// <summary>Waits until <paramref name="condition"/> holds; past <paramref name="timeout"/> fails with <paramref name="describe"/>.</summary>
    public static Task That(
        Func<bool> condition, TimeSpan timeout, Func<string> describe, CancellationToken cancellationToken = default, TimeSpan? poll = null) =>
        That(() => Task.FromResult(condition()), timeout, describe, cancellationToken, poll);

    /// <summary>
    /// Reads <paramref name="probe"/> until its value is <paramref name="done"/> and returns that value; past
    /// <paramref name="timeout"/> fails with <paramref name="describe"/> of the last value read (default when none was).
    /// An exception of the probe that <paramref name="transient"/> accepts is read as "not yet" (and named in the failure);
    /// any other ends the wait at once.
    /// </summary>
    public static async Task<T> Value<T>(
        Func<Task<T>> probe,
        Func<T, bool> done,
        TimeSpan timeout,
        Func<T?, string> describe,
        CancellationToken cancellationToken = default,
        TimeSpan? poll = null,
        Func<Exception, bool>? transient = null)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        T? last = default;
        Exception? lastError = null;
        try
        {
            while (true)
            {
                try
                {
                    last = await probe().WaitAsync(deadline.Token);
                    lastError = null;
                    if (done(last))
                    {
                        return last;
                    }
                }
                catch (Exception ex) when (transient?.Invoke(ex) == true && !deadline.IsCancellationRequested)
                {
                    lastError = ex;
                }

                await Task.Delay(poll ?? DefaultPoll, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            var error = lastError is null ? string.Empty : $" (last attempt threw {lastError.GetType().Name}: {lastError.Message})";
            throw new TimeoutException($"Not within {timeout}: {describe(last)}{error}");
        }
    }
}
