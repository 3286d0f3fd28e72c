namespace CryptApp.Tests.Infrastructure.Redis;

/// <summary>Features only redis-server has (a cluster, <c>maxmemory</c>, <c>MEMORY USAGE</c>): the tests that need them run only on it.</summary>
public static class RedisServerOnly
{
    /// <summary>Returns when the tests run redis-server; else skips the calling test, saying why.</summary>
    public static void Require(string feature)
    {
        if (TestRedis.MissingRedisServer(feature) is not { } why)
        {
            return;
        }

        if (Executables.Find("redis-server") is null)
        {
            Prerequisite.RedisServer.Missing(why);
        }

        // redis-server is there, and CRYPTAPP_TEST_REDIS=Embedded chose the embedded server instead.
        Assert.Skip($"{why} Run without {TestRedis.Setting}=Embedded to run it.");
    }
}
