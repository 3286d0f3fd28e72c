using System.Text;
using BenchmarkDotNet.Attributes;
using CryptApp.Core.Exchanges;
using CryptApp.Core.Markets;
using CryptApp.Tests.Fakes;

namespace CryptApp.Benchmarks;

/// <summary>Streaming parse of an L3 body plus every metric and the aggregated levels, on one core.</summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ParseAndMetricsBenchmarks
{
    private byte[] _body = [];

    [Params(1_000, 10_000, 100_000)]
    public int Entries { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var book = FakeBook.Generate(new Random(42), 30_000, Entries / 2, Entries / 2);
        _body = Encoding.UTF8.GetBytes(book.ToJson("BTC-USD"));
    }

    [Benchmark]
    public async Task<OrderBook> ParseOnly()
    {
        using var stream = new MemoryStream(_body, writable: false);
        return await L3BookParser.ParseAsync(stream, "BTC-USD", long.MaxValue, CancellationToken.None);
    }

    [Benchmark]
    public async Task<MarketAnalysis> ParseAndAnalyze()
    {
        using var stream = new MemoryStream(_body, writable: false);
        var book = await L3BookParser.ParseAsync(stream, "BTC-USD", long.MaxValue, CancellationToken.None);
        return MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch);
    }
}
