namespace CryptApp.Tests.Storage;

public sealed class JobQueueOnRedisClusterTests(RedisCluster redis) : JobQueueTests(redis), IClassFixture<RedisCluster>;
