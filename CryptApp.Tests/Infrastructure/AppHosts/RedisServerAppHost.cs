namespace CryptApp.Tests.Infrastructure.AppHosts;

public sealed class RedisServerAppHost : CryptAppHost
{
    protected override bool WithAdmin => true;

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    // Two Api replicas behind one endpoint, as in production: every read test also covers coherence.
    protected override int ApiReplicas => 2;
}
