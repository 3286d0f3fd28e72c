using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Core.Exchanges.Venues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>The same shape, separate, because its test kills a Worker.</summary>
public sealed class SpreadFailoverAppHost : SpreadVenuesAppHost;
