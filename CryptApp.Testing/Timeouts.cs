namespace CryptApp.Testing;

/// <summary>Every await in the tests is bounded; these are the bounds.</summary>
public static class Timeouts
{
    public static readonly TimeSpan AppStart = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan Collection = TimeSpan.FromSeconds(60);
    public static readonly TimeSpan Request = TimeSpan.FromSeconds(15);
    public static readonly TimeSpan Process = TimeSpan.FromSeconds(15);

    public static async Task<T> Within<T>(this Task<T> task, TimeSpan timeout, string what)
    {
        try
        {
            return await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
        }
    }

    public static async Task Within(this Task task, TimeSpan timeout, string what)
    {
        try
        {
            await task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Timed out after {timeout} waiting for {what}.");
        }
    }
}
