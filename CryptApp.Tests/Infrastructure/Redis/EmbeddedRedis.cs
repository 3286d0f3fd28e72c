namespace CryptApp.Tests.Infrastructure.Redis;

/// <summary>
/// The embedded server (Garnet) whatever else the machine has: the data layer's suites run on it as on redis-server,
/// since it runs scripts and transactions its own way (see <see cref="Core.Storage.RedisKeys.Transitions"/>).
/// </summary>
public sealed class EmbeddedRedis : RedisServer
{
    protected override TestRedisKind Kind => TestRedisKind.Embedded;
}
