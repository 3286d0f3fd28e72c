using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Core.Exchanges.Venues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Tests.Infrastructure.AppHosts;

public sealed class EmbeddedRedisAppHost : CryptAppHost
{
    protected override string CacheMode => "Embedded";
}
