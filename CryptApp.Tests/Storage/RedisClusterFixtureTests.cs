using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

/// <summary>The cluster fixture is a real cluster: a step across hash slots is refused, so the suites above prove something.</summary>
public sealed class RedisClusterFixtureTests(RedisCluster redis) : IClassFixture<RedisCluster>
{
    [Fact]
    public async Task A_transaction_across_hash_slots_is_refused()
    {
        var transaction = redis.Connection.GetDatabase().CreateTransaction();
        _ = transaction.StringSetAsync("cryptapp:market:{BTC-USD}", "1");
        _ = transaction.StringSetAsync("cryptapp:market:{ETH-USD}", "1");

        await Assert.ThrowsAsync<RedisCommandException>(() => transaction.ExecuteAsync());
    }
}
