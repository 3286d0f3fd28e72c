using System.Text;
using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Tests.Oracle;

public sealed class PandasOracleTests(GeneratedBooksOracle oracle) : IClassFixture<GeneratedBooksOracle>
{
    public static TheoryData<int> Sizes => [.. GeneratedBooksOracle.Sizes];

    [Theory]
    [MemberData(nameof(Sizes))]
    public async Task Generated_book_gives_the_pandas_figures_bit_for_bit(int size)
    {
        var (json, expected) = oracle.Book(size);

        var book = await L3BookParser.ParseAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(json)), "GEN-USD", long.MaxValue, TestContext.Current.CancellationToken);
        var snapshot = MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch).Snapshot;

        OracleAssert.SameNumbers(expected.Bids, book.Bids, $"{size} bids");
        OracleAssert.SameNumbers(expected.Asks, book.Asks, $"{size} asks");
        OracleAssert.SameSide(expected.Bids, snapshot.Bids, $"{size} bids");
        OracleAssert.SameSide(expected.Asks, snapshot.Asks, $"{size} asks");
    }

    /// <summary>Halfway cases, subnormals, the largest double, 2^53 + 1, more digits than a double holds, exponent forms.</summary>
    private static readonly string[] HardNumbers =
    [
        "9007199254740993", "9007199254740993.0", "4503599627370496.5", "4503599627370497.5",
        "1.00000000000000011102230246251565404236316680908203125", "1.00000000000000011102230246251565404236316680908203126",
        "0.1000000000000000055511151231257827021181583404541015625", "0.1", "0.30000000000000004", "1.448997445238699",
        "2.2250738585072011e-308", "2.2250738585072012e-308", "4.9e-324", "5e-324", "1.7976931348623157e308", "8.98846567431158e307",
        "123456789012345678901234567890", "123456.7890123456789", "7.2057594037927933e16", "1e22", "1e23", "1e-22", "1e-23",
        "5.0001E-4", "3.0E-5", "1E+2", "1.0e0", "0.000000000000000000000000000000000000001", "\"2.5E-3\"", "\"1e-7\"",
    ];

    [Fact]
    public async Task Hard_numbers_parse_to_the_doubles_python_makes_of_them()
    {
        var ct = TestContext.Current.CancellationToken;
        var entries = HardNumbers.Select((n, i) => $$"""{"px":{{n}},"qty":{{HardNumbers[^(i + 1)]}},"num":{{long.MaxValue - i}}}""");
        var json = $$"""{"symbol":"HARD-USD","bids":[{{string.Join(",", entries)}}],"asks":[]}""";
        var expected = (await PandasOracle.ComputeAsync([json], ct)).Books.Single();

        var book = await L3BookParser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), "HARD-USD", long.MaxValue, ct);

        Assert.Equal(HardNumbers.Length, book.Bids.Count);
        OracleAssert.SameNumbers(expected.Bids, book.Bids, "hard bids");
        OracleAssert.SameSide(expected.Bids, MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch).Snapshot.Bids, "hard bids");
    }
}
