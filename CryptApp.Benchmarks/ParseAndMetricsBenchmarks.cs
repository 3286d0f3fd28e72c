using System.Text;
using BenchmarkDotNet.Attributes;
using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Benchmarks;

/// <summary>
/// Streaming parse of an L3 body plus every metric and the aggregated levels, on one core: the byte
/// scanner with each number parser, against the <c>Utf8JsonReader</c> parser it replaced; and the
/// metrics alone, from a parsed book.
/// </summary>
[MemoryDiagnoser]
[ShortRunJob]
public class ParseAndMetricsBenchmarks
{
    private byte[] _body = [];
    private OrderBook _book = null!;

    [Params(1_000, 10_000, 100_000)]
    public int Entries { get; set; }

    /// <summary>
    /// <c>Mixed</c>: a quarter of the numbers in exponent form and a quarter as strings (worst case);
    /// <c>Plain</c>: plain JSON numbers, as Blockchain.com's recorded book.
    /// </summary>
    [Params("Mixed", "Plain")]
    public string Numbers { get; set; } = "Mixed";

    [GlobalSetup]
    public void Setup()
    {
        var book = FakeBook.Generate(new Random(42), 30_000, Entries / 2, Entries / 2);
        if (Numbers == "Plain")
        {
            book = FakeBook.Of(Plain(book.Bids), Plain(book.Asks));
        }

        _body = Encoding.UTF8.GetBytes(book.ToJson("BTC-USD"));
        _book = L3BookParser.ParseAsync(new MemoryStream(_body), "BTC-USD", long.MaxValue, CancellationToken.None).GetAwaiter().GetResult();
    }

    private static List<FakeEntry> Plain(IReadOnlyList<FakeEntry> entries) => entries
        .Select(e => new FakeEntry(Normalize(e.Px), Normalize(e.Qty), e.Num))
        .ToList();

    private static string Normalize(string number) =>
        double.Parse(number.Trim('"'), System.Globalization.CultureInfo.InvariantCulture).ToString("0.##########", System.Globalization.CultureInfo.InvariantCulture);

    [Benchmark(Baseline = true)]
    public async Task<MarketAnalysis> JsonReader()
    {
        using var stream = new MemoryStream(_body, writable: false);
        var book = await Utf8JsonL3BookParser.ParseAsync(stream, "BTC-USD", long.MaxValue, CancellationToken.None);
        return MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch);
    }

    [Benchmark]
    public async Task<MarketAnalysis> ScannerDotNet()
    {
        using var stream = new MemoryStream(_body, writable: false);
        var book = await L3BookParser.ParseAsync<DotNetDoubleParser>(stream, "BTC-USD", long.MaxValue, CancellationToken.None);
        return MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch);
    }

    [Benchmark]
    public async Task<MarketAnalysis> ScannerFastFloat()
    {
        using var stream = new MemoryStream(_body, writable: false);
        var book = await L3BookParser.ParseAsync<FastFloatParser>(stream, "BTC-USD", long.MaxValue, CancellationToken.None);
        return MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch);
    }

    [Benchmark]
    public async Task<MarketAnalysis> ScannerFastPath()
    {
        using var stream = new MemoryStream(_body, writable: false);
        var book = await L3BookParser.ParseAsync<FastPathParser<FastFloatParser>>(stream, "BTC-USD", long.MaxValue, CancellationToken.None);
        return MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch);
    }

    [Benchmark]
    public MarketAnalysis MetricsOnly() => MarketAnalyzer.Analyze(_book, DateTimeOffset.UnixEpoch);
}
