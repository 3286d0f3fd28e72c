namespace CryptApp.Tests.Storage;

public sealed class PartQueueOnRedisServerTests(RedisServer redis) : PartQueueTests(redis), IClassFixture<RedisServer>;
