namespace CryptApp.Tests.Storage;

public sealed class MarketStoreOnRedisServerTests(RedisServer redis) : MarketStoreTests(redis), IClassFixture<RedisServer>;
