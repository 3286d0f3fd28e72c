using System.Net.Sockets;
using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace CryptApp.UnitTests;

/// <summary>
/// Which errors mean "Redis is away for a moment" (loops wait, the Api answers 503) and which are bugs. Each
/// shape here was seen from StackExchange.Redis in a test run: a reset connection surfacing raw, and a cursor
/// (the output cache's tag eviction) wrapping the lost connection in an AggregateException, and the pipe of a torn-down
/// connection refusing HybridCache's write (made here by writing to a completed pipe, as the connection's writer does).
/// </summary>
public sealed class RedisFailuresTests
{
    public static TheoryData<Exception, bool> Errors => new()
    {
        { new RedisConnectionException(ConnectionFailureType.SocketClosed, "No connection is active/available"), true },
        { new RedisTimeoutException("Timeout awaiting response", CommandStatus.Sent), true },
        { new TimeoutException(), true },
        { new IOException("Connection reset by peer", new SocketException(104)), true },
        { new AggregateException(new RedisConnectionException(ConnectionFailureType.SocketClosed, "ZSCAN cryptapp:output:__MSOCT_markets")), true },
        { new AggregateException(new InvalidOperationException("a bug")), false },
        { WriteAfterCompletion(), true },
        { new InvalidOperationException("a bug"), false },
        { new FormatException(), false },
    };

    private static Exception WriteAfterCompletion()
    {
        var pipe = new System.IO.Pipelines.Pipe();
        pipe.Writer.Complete();
        return Assert.Throws<InvalidOperationException>(() => pipe.Writer.GetSpan());
    }

    [Theory]
    [MemberData(nameof(Errors))]
    public void A_redis_outage_is_transient_and_a_bug_is_not(Exception error, bool transient) =>
        Assert.Equal(transient, RedisFailures.IsTransient(error));

    [Fact]
    public void A_full_redis_is_told_apart_and_is_transient()
    {
        var full = new RedisServerException("OOM command not allowed when used memory > 'maxmemory'.");

        Assert.True(RedisFailures.IsFull(full));
        Assert.True(RedisFailures.IsTransient(full));
        Assert.False(RedisFailures.IsFull(new RedisServerException("ERR unknown command")));
        Assert.False(RedisFailures.IsFull(new RedisTimeoutException("Timeout", CommandStatus.Sent)));
    }
}
