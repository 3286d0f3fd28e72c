using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

public sealed class MarketStoreOnRedisClusterTests(RedisCluster redis) : MarketStoreTests(redis), IClassFixture<RedisCluster>;
