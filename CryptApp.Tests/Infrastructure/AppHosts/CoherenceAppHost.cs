using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Core.Exchanges.Venues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>Two Api replicas and no collection unless asked: the tests alone change the data.</summary>
public sealed class CoherenceAppHost : JobsAppHost;
