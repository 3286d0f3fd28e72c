using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Core.Exchanges.Venues;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Tests.AppHost;

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

    /// <summary>Arguments a host adds to (or overrides in) the AppHost's command line.</summary>
    protected virtual IEnumerable<string> ExtraArgs => [];

    /// <summary>Changes to the fake exchange before the AppHost starts.</summary>
    protected virtual void ConfigureExchange(FakeExchange exchange)
    {
    }

    public FakeExchange Exchange { get; private set; } = null!;

    public DistributedApplication App { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    public virtual async ValueTask InitializeAsync()
    {
        using var timeout = new CancellationTokenSource(Timeouts.AppStart);
        Exchange = await FakeExchange.StartAsync(FakeMarkets.Create(), timeout.Token);
        ConfigureExchange(Exchange);
        _dataPath = Directory.CreateTempSubdirectory("cryptapp-cache-").FullName;

        var builder = await DistributedApplicationTestingBuilder.CreateAsync<Projects.CryptApp_AppHost>(
            [
                $"--Cache:Mode={CacheMode}",
                $"--Cache:DataPath={_dataPath}",
                $"--Exchanges:Blockchain:BaseUrl={Exchange.BaseUrl}",
                "--Exchanges:Blockchain:RequestsPerSecond=500",
                "--Exchanges:Blockchain:RetryBaseDelay=00:00:00.020",
                "--Exchanges:Blockchain:MaxRetries=1",
                "--Exchanges:Blockchain:RequestTimeout=00:00:01",
                "--Etl:Interval=00:00:01",
                "--Etl:StartDelay=00:00:00",
                .. VenueClients.L2Venues.Select(v => $"--{v.SectionName}:Enabled=false"),
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

        try
        {
            App = await builder.BuildAsync(timeout.Token);
            await App.StartAsync(timeout.Token);
            foreach (var resource in new[] { "cache", "api", "worker", "admin" })
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

        if (Exchange is not null)
        {
            await Exchange.DisposeAsync();
        }

        if (_dataPath is not null)
        {
            Directory.Delete(_dataPath, recursive: true);
        }
    }
}

public sealed class RedisServerAppHost : CryptAppHost
{
    protected override string CacheMode => TestRedis.AppHostCacheMode;

    // Two Api replicas behind one endpoint, as in production: every read test also covers coherence.
    protected override int ApiReplicas => 2;
}

/// <summary>One redis-server AppHost shared by the test classes that only read what the worker collects.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerCollection : ICollectionFixture<RedisServerAppHost>
{
    public const string Name = "AppHost on redis-server";
}

/// <summary>
/// Tests that load the machine on purpose (hundreds of requests a second while Redis is killed) run alone,
/// so the timing bounds of the other tests measure the system, not a starved scheduler.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloCollection
{
    public const string Name = "Alone on the machine";
}

/// <summary>A separate AppHost for fault tests, whose slow failures must not slow the others.</summary>
public sealed class FaultsAppHost : CryptAppHost
{
    protected override string CacheMode => TestRedis.AppHostCacheMode;
}

public sealed class EmbeddedRedisAppHost : CryptAppHost
{
    protected override string CacheMode => "Embedded";
}

/// <summary>
/// Two Worker replicas, a maintenance job every second (for once-per-slot), the ETL only on request
/// (no start-up run), and an exchange slow enough that a run can be watched, duplicated and canceled.
/// </summary>
public class JobsAppHost : CryptAppHost
{
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override int ApiReplicas => 2;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Worker:Replicas=2",
        "--Jobs:CollectProcessCryptos:Schedule=0 0 0 1 1 ? 2099",
        "--Jobs:PruneHistory:Schedule=00:00:01",
        "--Jobs:RunAtStartup=false",
        $"--Jobs:LeaseTimeout={LeaseTimeout:c}",
        "--Jobs:PollInterval=00:00:00.100",
    ];

    protected override void ConfigureExchange(FakeExchange exchange)
    {
        exchange.Latency = TimeSpan.FromMilliseconds(400);
        foreach (var symbol in exchange.Markets.Keys.Where(s => s.StartsWith("GEN", StringComparison.Ordinal)).ToList())
        {
            exchange.Set(symbol, FakeBehavior.Latency);
        }
    }
}

/// <summary>The same shape, separate, because its test kills a Worker.</summary>
public sealed class FailoverAppHost : JobsAppHost;

/// <summary>The same shape, separate, because its test stops a Worker with SIGTERM.</summary>
public sealed class ShutdownAppHost : JobsAppHost;

/// <summary>
/// An empty store, two Worker replicas and an hourly schedule: only the start-up run can collect
/// anything within a test's time.
/// </summary>
public sealed class StartupAppHost : CryptAppHost
{
    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Worker:Replicas=2",
        "--Etl:Interval=01:00:00",
        "--Jobs:PruneHistory:Schedule=01:00:00",
        // The one run must collect every market: a starved machine once timed out the recorded book twice at 1 s.
        "--Exchanges:Blockchain:RequestTimeout=00:00:10",
    ];
}

/// <summary>Two Api replicas and no collection unless asked: the tests alone change the data.</summary>
public sealed class CoherenceAppHost : JobsAppHost;

/// <summary>
/// Every venue collected: Blockchain.com from the fake exchange, the five others from one
/// <see cref="FakeVenues"/> server, each with a budget fast enough for a run a second and bans that end
/// within a test.
/// </summary>
public class VenuesAppHost : CryptAppHost
{
    public FakeVenues Venues { get; private set; } = null!;

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override IEnumerable<string> ExtraArgs =>
    [
        .. VenueClients.L2Venues.SelectMany(v => new[]
        {
            $"--{v.SectionName}:Enabled=true",
            $"--{v.SectionName}:BaseUrl={Venues.BaseUrl(v.Id)}",
            $"--{v.SectionName}:Symbols=*",
            $"--{v.SectionName}:Budget=1000",
            $"--{v.SectionName}:BudgetWindow=00:00:01",
            // Above the slow fakes (1.5 s, and 3 s in the spread stop tests): a starved machine must not turn slow into failed.
            $"--{v.SectionName}:RequestTimeout=00:00:06",
            $"--{v.SectionName}:BanBackoff=00:00:05",
        }),
        // Cut to fewer levels than the recorded book holds, all within 5 % of mid: its depth is not complete.
        $"--{VenueCatalog.Coinbase.SectionName}:Depth=10",
    ];

    public override async ValueTask InitializeAsync()
    {
        Venues = await FakeVenues.StartAsync(TestContext.Current.CancellationToken).Within(Timeouts.Process, "the fake venues to start");
        // A ban a test provokes ends within it.
        Venues.BanSeconds = 5;
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Venues is not null)
        {
            await Venues.DisposeAsync();
        }
    }
}

/// <summary>
/// Every venue collected by two Worker replicas, whose leases lapse within seconds. The claim grace is long,
/// so a run spreads by the fair-share rule alone, never because a loaded machine let one replica take the rest.
/// </summary>
public class SpreadVenuesAppHost : VenuesAppHost
{
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    protected override IEnumerable<string> ExtraArgs =>
    [
        .. base.ExtraArgs,
        "--Worker:Replicas=2",
        $"--Jobs:LeaseTimeout={LeaseTimeout:c}",
        "--Jobs:PartClaimGrace=00:00:10",
        "--Jobs:PollInterval=00:00:00.100",
    ];
}

/// <summary>The same shape, separate, because its test kills a Worker.</summary>
public sealed class SpreadFailoverAppHost : SpreadVenuesAppHost;

/// <summary>The same shape, separate, because its test stops a Worker with SIGTERM.</summary>
public sealed class SpreadShutdownAppHost : SpreadVenuesAppHost;
