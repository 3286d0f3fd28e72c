namespace CryptApp.Tests.Storage;

public sealed class PartQueueOnEmbeddedRedisTests(EmbeddedRedis redis) : PartQueueTests(redis), IClassFixture<EmbeddedRedis>;
