namespace CryptApp.Tests.Storage;

public sealed class MarketStoreOnEmbeddedRedisTests(EmbeddedRedis redis) : MarketStoreTests(redis), IClassFixture<EmbeddedRedis>;
