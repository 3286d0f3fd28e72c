namespace CryptApp.Testing.Redis;

/// <summary>Which Redis server the tests run: Debian's <c>redis-server</c>, or the embedded Garnet server.</summary>
public enum TestRedisKind
{
    RedisServer,
    Embedded,
}
