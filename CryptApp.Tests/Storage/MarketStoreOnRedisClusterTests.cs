namespace CryptApp.Tests.Storage;

public sealed class MarketStoreOnRedisClusterTests(RedisCluster redis) : MarketStoreTests(redis), IClassFixture<RedisCluster>;
