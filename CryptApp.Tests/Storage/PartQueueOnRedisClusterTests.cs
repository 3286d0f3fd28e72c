using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.Storage;

public sealed class PartQueueOnRedisClusterTests(RedisCluster redis) : PartQueueTests(redis), IClassFixture<RedisCluster>;
