namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>
/// Generated books around numpy's summation boundaries (8 partial sums, 128-value pairwise blocks,
/// 8,192-value reduction buffers) and odd lengths, with hard-to-parse numbers; pandas runs once over all.
/// Where there is no pandas, nothing is computed and each test that reads a book is skipped, saying why.
/// </summary>
public sealed class GeneratedBooksOracle : IAsyncLifetime
{
    public static readonly int[] Sizes =
    [
        1, 2, 3, 7, 8, 9, 15, 16, 17, 127, 128, 129, 255, 1_000, 1_023, 1_024, 1_025, 4_097,
        8_191, 8_192, 8_193, 12_289, 16_383, 16_384, 16_385, 24_577, 100_000,
    ];

    private readonly Dictionary<int, (string Json, OracleBook Expected)> _books = [];

    private bool _pandasMissing;

    /// <summary>The generated book of <paramref name="size"/> orders and pandas's figures of it.</summary>
    public (string Json, OracleBook Expected) Book(int size)
    {
        if (_pandasMissing)
        {
            Prerequisite.Pandas.Missing(PandasOracle.Missing);
        }

        return _books[size];
    }

    public async ValueTask InitializeAsync()
    {
        if (await PandasOracle.FindAsync() is null)
        {
            _pandasMissing = true;
            return;
        }

        var random = new Random(13);
        // Asks get another, odd length (none for the one-order book), so an empty side is covered too.
        var bodies = Sizes.Select(size => DigitBooks.Generate(random, size, size == 1 ? 0 : size * 7 / 10 | 1).ToJson("GEN-USD")).ToList();
        var answer = await PandasOracle.ComputeAsync(bodies, TestContext.Current.CancellationToken);
        for (var i = 0; i < Sizes.Length; i++)
        {
            _books[Sizes[i]] = (bodies[i], answer.Books[i]);
        }
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
