using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Core.Exchanges.Venues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>A separate AppHost for fault tests, whose slow failures must not slow the others.</summary>
public sealed class FaultsAppHost : CryptAppHost
{
    protected override string CacheMode => TestRedis.AppHostCacheMode;
}
