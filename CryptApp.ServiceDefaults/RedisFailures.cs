using System.Net.Sockets;
using StackExchange.Redis;

namespace Microsoft.Extensions.Hosting;

/// <summary>
/// What "Redis is unavailable for a moment" looks like to a caller: StackExchange.Redis's own exceptions,
/// a timeout, and the raw socket error it sometimes lets through when a connection is reset mid-command
/// (<c>Pipelines.Sockets.Unofficial.ConnectionResetException</c> wrapping "connection reset by peer"), and the
/// error of a connection's pipe written after it was torn down (an <see cref="InvalidOperationException"/> from
/// <c>System.IO.Pipelines</c>, "Writing is not allowed after writer was completed", which HybridCache's write to
/// Redis lets reach the request). Loops wait these out and the Api answers 503; anything else is a bug to surface.
/// </summary>
public static class RedisFailures
{
    /// <remarks>
    /// An <see cref="AggregateException"/> counts when any of its errors does: StackExchange.Redis's cursors
    /// (SCAN, ZSCAN, as the output cache's tag eviction uses) surface a lost connection wrapped in one.
    /// </remarks>
    /// <summary>
    /// Redis refused a write because it is full (<c>maxmemory</c> reached and nothing it may evict): transient too,
    /// since it answers again once memory is freed, but worth saying apart from "unreachable".
    /// </summary>
    public static bool IsFull(Exception ex) =>
        ex is RedisServerException { Message: var message } && message.StartsWith("OOM", StringComparison.Ordinal)
        || ex.InnerException is { } inner && IsFull(inner)
        || ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsFull);

    public static bool IsTransient(Exception ex) =>
        ex is RedisException or TimeoutException or SocketException or IOException or InvalidOperationException { Source: "System.IO.Pipelines" }
        || ex.InnerException is SocketException or IOException
        || (ex is AggregateException aggregate && aggregate.InnerExceptions.Any(IsTransient));
}
