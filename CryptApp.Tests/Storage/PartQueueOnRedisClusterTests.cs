namespace CryptApp.Tests.Storage;

public sealed class PartQueueOnRedisClusterTests(RedisCluster redis) : PartQueueTests(redis), IClassFixture<RedisCluster>;
