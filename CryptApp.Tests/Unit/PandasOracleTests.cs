using System.Text;
using CryptApp.Core.Exchanges;
using CryptApp.Core.Markets;
using CryptApp.Tests.Fakes;
using CryptApp.Tests.Infrastructure;

namespace CryptApp.Tests.Unit;

/// <summary>
/// Generated books around numpy's summation boundaries (8 partial sums, 128-value pairwise blocks,
/// 8,192-value reduction buffers) and odd lengths, with hard-to-parse numbers; pandas runs once over all.
/// </summary>
public sealed class GeneratedBooksOracle : IAsyncLifetime
{
    public static readonly int[] Sizes =
    [
        1, 2, 3, 7, 8, 9, 15, 16, 17, 127, 128, 129, 255, 1_000, 1_023, 1_024, 1_025, 4_097,
        8_191, 8_192, 8_193, 12_289, 16_383, 16_384, 16_385, 24_577, 100_000,
    ];

    public Dictionary<int, (string Json, OracleBook Expected)> Books { get; } = [];

    public async ValueTask InitializeAsync()
    {
        var random = new Random(13);
        // Asks get another, odd length (none for the one-order book), so an empty side is covered too.
        var bodies = Sizes.Select(size => DigitBooks.Generate(random, size, size == 1 ? 0 : size * 7 / 10 | 1).ToJson("GEN-USD")).ToList();
        var answer = await PandasOracle.ComputeAsync(bodies, TestContext.Current.CancellationToken);
        for (var i = 0; i < Sizes.Length; i++)
        {
            Books[Sizes[i]] = (bodies[i], answer.Books[i]);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}

public sealed class PandasOracleTests(GeneratedBooksOracle oracle) : IClassFixture<GeneratedBooksOracle>
{
    public static TheoryData<int> Sizes => [.. GeneratedBooksOracle.Sizes];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Generated_book_gives_the_pandas_figures_bit_for_bit(int size)
    {
        var (json, expected) = oracle.Books[size];

        var book = await L3BookParser.ParseAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(json)), "GEN-USD", long.MaxValue, TestContext.Current.CancellationToken);
        var snapshot = MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch).Snapshot;

        OracleAssert.SameNumbers(expected.Bids, book.Bids, $"{size} bids");
        OracleAssert.SameNumbers(expected.Asks, book.Asks, $"{size} asks");
        OracleAssert.SameSide(expected.Bids, snapshot.Bids, $"{size} bids");
        OracleAssert.SameSide(expected.Asks, snapshot.Asks, $"{size} asks");
    }
}
