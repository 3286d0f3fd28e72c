using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CryptApp.Core.Jobs;
using CryptApp.Tests.Fakes;
using CryptApp.Worker;
using CryptApp.Worker.Etl;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CryptApp.Benchmarks;

/// <summary>
/// A whole CollectProcessCryptos run: 300 open symbols on a fake exchange answering each request
/// after 50 ms, stored in a real redis-server, at the default concurrency. The rate limit is lifted
/// so the run measures our code and the latency, not the politeness setting.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class FullRunBenchmarks
{
    public const int Symbols = 300;
    public static readonly TimeSpan Latency = TimeSpan.FromMilliseconds(50);

    private FakeExchange _exchange = null!;
    private Process _redis = null!;
    private Microsoft.Extensions.Hosting.IHost _host = null!;
    private CollectProcessCryptosPipeline _pipeline = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var random = new Random(7);
        var markets = Enumerable.Range(0, Symbols).ToDictionary(
            i => $"S{i:000}-USD",
            _ => new FakeMarket("open", FakeBook.Generate(random, 100, 100, 100), FakeBehavior.Latency));
        _exchange = await FakeExchange.StartAsync(markets, CancellationToken.None);
        _exchange.Latency = Latency;

        var port = FreePort();
        _redis = Process.Start(new ProcessStartInfo("redis-server", ["--port", port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        })!;
        await Task.Delay(300);

        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = $"127.0.0.1:{port}",
            ["Exchanges:Blockchain:BaseUrl"] = _exchange.BaseUrl.ToString(),
            ["Exchanges:Blockchain:RequestsPerSecond"] = "1000",
        });
        builder.AddApplicationServices();
        _host = builder.Build();
        _pipeline = _host.Services.GetRequiredService<CollectProcessCryptosPipeline>();
    }

    [Benchmark]
    public async Task<RunRecord> FullRun()
    {
        var run = await _pipeline.RunAsync(Guid.CreateVersion7().ToString("N"), RunTriggers.Manual, CancellationToken.None);
        if (run.SymbolsSucceeded != Symbols)
        {
            throw new InvalidOperationException($"Run collected {run.SymbolsSucceeded}/{Symbols}: {string.Join("; ", run.Errors)}");
        }

        return run;
    }

    [GlobalCleanup]
    public async Task Cleanup()
    {
        _host.Dispose();
        await _exchange.DisposeAsync();
        _redis.Kill();
        await _redis.WaitForExitAsync();
    }

    private static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
