using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Core.Venues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// The whole AppHost (cache, api, worker, admin) started once per test class against a fake exchange.
/// Only Blockchain.com (the fake) is collected: the other venues are switched off, so no test host
/// reaches the internet; <see cref="VenuesAppHost"/> points them at <see cref="FakeVenues"/>.
/// A start that does not come up fails with the state of every resource, not a hang.
/// </summary>
public abstract class CryptAppHost : IAsyncLifetime
{
    private string? _dataPath;

    protected abstract string CacheMode { get; }

    public const string ApiKey = "test-api-key-0123456789abcdef";
    public const string AdminPassword = "test-admin-password-42";
    public const string KeyRingSecret = "test-key-ring-secret-0123456789";

    protected virtual int ApiReplicas => 1;

    /// <summary>Whether the Admin runs too: only the hosts whose tests use it start it.</summary>
    protected virtual bool WithAdmin => false;

    /// <summary>Arguments a host adds to (or overrides in) the AppHost's command line.</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    /// <summary>Changes to the fake exchange before the AppHost starts.</summary>
    protected virtual void ConfigureBlockchain(FakeBlockchain exchange)
    {
    }

    public FakeBlockchain Blockchain { get; private set; } = null!;

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(Timeouts.AppStart);
        Blockchain = await FakeBlockchain.StartAsync(FakeMarkets.Create(), timeout.Token);
        ConfigureBlockchain(Blockchain);
        _dataPath = Directory.CreateTempSubdirectory("cryptapp-cache-").FullName;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CryptApp_AppHost>(
            [
                $"--Cache:Mode={CacheMode}",
                $"--Cache:DataPath={_dataPath}",
                $"--Exchanges:Blockchain:BaseUrl={Blockchain.BaseUrl}",
                "--Exchanges:Blockchain:RequestsPerSecond=500",
                "--Exchanges:Blockchain:RetryBaseDelay=00:00:00.020",
                "--Exchanges:Blockchain:MaxRetries=1",
                "--Exchanges:Blockchain:RequestTimeout=00:00:01",
                "--Etl:Interval=00:00:01",
                "--Etl:StartDelay=00:00:00",
                .. VenueCatalog.L2Venues.Select(v => $"--{v.SectionName}:Enabled=false"),
                // The AppHost tests collect by REST from fakes that have no stream; the streams have tests of their own.
                .. VenueCatalog.All.Select(v => $"--{v.SectionName}:Stream:Enabled=false"),
                $"--Api:Replicas={ApiReplicas}",
                // The hostile-input and cache tests send bursts from one client.
                "--Api:RateLimit:PermitLimit=0",
                // The coherence tests tell the replicas apart by it.
                "--Api:InstanceHeader=true",
                $"--Parameters:api-key={ApiKey}",
                $"--Parameters:admin-password={AdminPassword}",
                $"--Parameters:admin-key-ring-secret={KeyRingSecret}",
                .. ExtraArgs,
            ],
            timeout.Token);
        // Probes fail until each service listens, and every test request would log twice: both would bury real output.
        builder.Services.AddLogging(logging => logging
            .AddFilter("Microsoft.Extensions.Diagnostics.HealthChecks", LogLevel.None)
            .AddFilter("System.Net.Http.HttpClient", LogLevel.Warning));

        if (!WithAdmin)
        {
            builder.Resources.Remove(builder.Resources.Single(r => r.Name == "admin"));
        }

        try
        {
            App = await builder.BuildAsync(timeout.Token);
            await App.StartAsync(timeout.Token);
            foreach (var resource in WithAdmin ? ["cache", "api", "worker", "admin"] : new[] { "cache", "api", "worker" })
            {
                await App.ResourceNotifications.WaitForResourceHealthyAsync(resource, timeout.Token);
            }
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested)
        {
            throw new TimeoutException($"The AppHost did not become healthy within {Timeouts.AppStart}: {DescribeResources()}");
        }

        Api = App.CreateHttpClient("api");
        Api.Timeout = Timeouts.Request;
    }

    /// <summary>An Api client that sends the API key.</summary>
    public HttpClient CreateWriter()
    {
        var client = CreateClient("api");
        client.DefaultRequestHeaders.Add("X-Api-Key", ApiKey);
        return client;
    }

    public HttpClient CreateClient(string resource)
    {
        var client = App.CreateHttpClient(resource);
        client.Timeout = Timeouts.Request;
        return client;
    }

    private string DescribeResources()
    {
        if (App is null)
        {
            return "the application was not built";
        }

        var states = App.Services.GetRequiredService<DistributedApplicationModel>().Resources.Select(r =>
            App.ResourceNotifications.TryGetCurrentState(r.Name, out var e)
                ? $"{r.Name}={e.Snapshot.State?.Text ?? "?"}/{e.Snapshot.HealthStatus?.ToString() ?? "no health"}"
                : $"{r.Name}=unknown");
        return string.Join(", ", states);
    }

    public virtual async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (App is not null)
        {
            await App.StopAsync().Within(Timeouts.AppStart, "the AppHost to stop");
            await App.DisposeAsync();
        }

        if (Blockchain is not null)
        {
            await Blockchain.DisposeAsync();
        }

        if (_dataPath is not null)
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}
