using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Core.Exchanges.Venues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Tests.Infrastructure.AppHosts;

public sealed class RedisServerAppHost : CryptAppHost
{
    protected override string CacheMode => TestRedis.AppHostCacheMode;

    // Two Api replicas behind one endpoint, as in production: every read test also covers coherence.
    protected override int ApiReplicas => 2;
}
