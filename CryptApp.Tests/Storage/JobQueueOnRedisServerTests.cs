namespace CryptApp.Tests.Storage;

public sealed class JobQueueOnRedisServerTests(RedisServer redis) : JobQueueTests(redis), IClassFixture<RedisServer>;
