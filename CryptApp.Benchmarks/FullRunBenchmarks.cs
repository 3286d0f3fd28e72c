using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;
using CryptApp.Worker.Runs;

namespace CryptApp.Benchmarks;

/// <summary>
/// A whole CollectProcessCryptos run: 300 open symbols on a fake exchange answering each request
/// after 50 ms, stored in a real redis-server, at the default concurrency.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
public class FullRunBenchmarks
{
    public const int Symbols = 300;

    private BenchmarkEnvironment _environment = null!;

    [GlobalSetup]
    public async Task Setup()
    {
        var random = new Random(7);
        var markets = Enumerable.Range(0, Symbols).ToDictionary(
            i => $"S{i:000}-USD",
            _ => new FakeMarket("open", FakeBook.Generate(random, 100, 100, 100), FakeBehavior.Latency));
        _environment = await BenchmarkEnvironment.StartAsync(markets, TimeSpan.FromMilliseconds(50));
    }

    [Benchmark]
    public async Task<RunOutcome> FullRun()
    {
        var run = await _environment.RunOnceAsync();
        if (run.Counts.SymbolsSucceeded != Symbols)
        {
            throw new InvalidOperationException($"Run collected {run.Counts.SymbolsSucceeded}/{Symbols}: {string.Join("; ", run.Counts.Errors)}");
        }

        return run;
    }

    [GlobalCleanup]
    public async Task Cleanup() => await _environment.DisposeAsync();
}
