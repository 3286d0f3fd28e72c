using Aspire.Hosting.Testing;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>The local redis-server has a generated password, as the container has: a stranger on the machine who finds the port reads and writes nothing.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class CachePasswordTests(RedisServerAppHost host)
{
    [Fact(Timeout = 60_000)]
    public async Task A_client_without_the_password_can_neither_read_nor_write()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = (await host.App.GetConnectionStringAsync("cache", ct))!;

        Assert.Contains(",password=", connectionString, StringComparison.Ordinal);
        Assert.StartsWith("-NOAUTH", await StrangerProbe.ReplyAsync(connectionString, "SET planted 1", ct), StringComparison.Ordinal);
        Assert.StartsWith("-NOAUTH", await StrangerProbe.ReplyAsync(connectionString, "KEYS *", ct), StringComparison.Ordinal);

        await using var redis = await ConnectionMultiplexer.ConnectAsync(connectionString).Within(Timeouts.Request, "Redis with the password");
        Assert.False(await redis.GetDatabase().KeyExistsAsync("planted"));
    }
}
