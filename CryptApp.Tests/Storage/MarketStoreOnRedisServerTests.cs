using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

public sealed class MarketStoreOnRedisServerTests(RedisServer redis) : MarketStoreTests(redis), IClassFixture<RedisServer>;
