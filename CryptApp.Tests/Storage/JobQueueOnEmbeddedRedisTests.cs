namespace CryptApp.Tests.Storage;

public sealed class JobQueueOnEmbeddedRedisTests(EmbeddedRedis redis) : JobQueueTests(redis), IClassFixture<EmbeddedRedis>;
