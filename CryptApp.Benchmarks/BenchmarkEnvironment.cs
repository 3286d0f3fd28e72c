using System.Diagnostics;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using CryptApp.Worker;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CryptApp.Benchmarks;

/// <summary>
/// A real redis-server on 127.0.0.1, a fake exchange, and the Worker's ETL pipeline wired as in
/// production; everything stopped by PID on dispose.
/// </summary>
public sealed class BenchmarkEnvironment : IAsyncDisposable
{
    private Process _redis = null!;
    private IHost _worker = null!;

    /// <summary>The in-process fake exchange; null when the Worker collects from one in another process.</summary>
    public FakeBlockchain? Blockchain { get; private set; }

    public int RedisPort { get; private set; }

    public int RedisProcessId => _redis.Id;

    public VenueCollector Collector { get; private set; } = null!;

    /// <summary>
    /// One run of the ETL's Blockchain.com part, as a Worker runs a venue part, outside Quartz, the run state
    /// machine and the part queue (nothing to report to): what the benchmarks measure is the collection itself.
    /// </summary>
    public async Task<RunOutcome> RunOnceAsync()
    {
        var venue = new VenueRun(VenueCatalog.Blockchain, _worker.Services.GetRequiredService<IOptionsMonitor<VenueOptions>>().Get(VenueIds.Blockchain));
        await Collector.CollectAsync(JobQueue.NewRunId(), venue, default, CancellationToken.None);
        return venue.Outcome();
    }

    public static async Task<BenchmarkEnvironment> StartAsync(IDictionary<string, FakeMarket> markets, TimeSpan latency)
    {
        var exchange = await FakeBlockchain.StartAsync(markets, CancellationToken.None);
        exchange.Latency = latency;
        var environment = await StartAsync(exchange.BaseUrl);
        environment.Blockchain = exchange;
        return environment;
    }

    /// <summary>redis-server and the Worker's pipeline, collecting from the exchange at <paramref name="exchangeBaseUrl"/>.</summary>
    public static async Task<BenchmarkEnvironment> StartAsync(Uri exchangeBaseUrl)
    {
        var environment = new BenchmarkEnvironment();
        environment.RedisPort = FreePort();
        environment._redis = StartRedisServer(environment.RedisPort);
        await WaitForPortAsync(environment.RedisPort);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = $"127.0.0.1:{environment.RedisPort}",
            ["Exchanges:Blockchain:BaseUrl"] = exchangeBaseUrl.ToString(),
            // Lifted so a run measures our code and the exchange's latency, not the politeness limit.
            ["Exchanges:Blockchain:RequestsPerSecond"] = "1000",
        });
        builder.AddApplicationServices();
        environment._worker = builder.Build();
        environment.Collector = environment._worker.Services.GetRequiredService<VenueCollector>();
        return environment;
    }

    /// <summary>The Api's Release build, or null (having said how to build it) when it is missing.</summary>
    public static string? ReleaseApiDll()
    {
        var apiDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "CryptApp.Api", "bin", "Release", "net10.0", "CryptApp.Api.dll"));
        if (File.Exists(apiDll))
        {
            return apiDll;
        }

        Console.Error.WriteLine($"Build the Api first: dotnet build -c Release CryptApp.Api ({apiDll} is missing)");
        return null;
    }

    /// <summary>A redis-server on 127.0.0.1:<paramref name="port"/>, no persistence; the caller stops it by its PID.</summary>
    public static Process StartRedisServer(int port) =>
        Process.Start(new ProcessStartInfo(
            "redis-server", ["--port", port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install -y redis-server)");

    /// <summary>
    /// The Api (<paramref name="apiDll"/>) as its own process on a free port of 127.0.0.1, over the redis-server on
    /// <paramref name="redisPort"/>: Production, rate limiting off, logs at Warning, and <paramref name="settings"/> as
    /// environment variables; returned once it listens. The caller stops it by its PID.
    /// </summary>
    public static async Task<(Process Process, int Port)> StartApiAsync(string apiDll, int redisPort, params (string Key, string Value)[] settings)
    {
        var port = FreePort();
        var start = new ProcessStartInfo("dotnet", [apiDll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(apiDll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__cache"] = $"127.0.0.1:{redisPort}";
        start.Environment["Api__RateLimit__PermitLimit"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException($"{apiDll} did not start");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await WaitForPortAsync(port);
        return (process, port);
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }

    public static async Task WaitForPortAsync(int port)
    {
        for (var attempt = 0; attempt < 100; attempt++)
        {
            try
            {
                using var client = new System.Net.Sockets.TcpClient();
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Nothing listens on 127.0.0.1:{port} after 10 s.");
    }

    public async ValueTask DisposeAsync()
    {
        _worker?.Dispose();
        if (Blockchain is not null)
        {
            await Blockchain.DisposeAsync();
        }

        if (_redis is { HasExited: false })
        {
            _redis.Kill();
            await _redis.WaitForExitAsync();
        }
    }
}
