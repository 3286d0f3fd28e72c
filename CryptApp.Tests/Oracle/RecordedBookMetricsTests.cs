using System.Text;
using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Tests.Oracle;

/// <summary>The recorded BTC-USD book gives, bit for bit, what pandas (the original system) computes from it.</summary>
public sealed class RecordedBookMetricsTests
{
    [Fact]
    public async Task Recorded_btc_usd_book_gives_the_pandas_figures_bit_for_bit()
    {
        var ct = TestContext.Current.CancellationToken;
        var json = Fixtures.BtcUsdBook;
        var expected = (await PandasOracle.ComputeAsync([json], ct)).Books.Single();

        var book = await L3BookParser.ParseAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), "BTC-USD", 1 << 20, ct);
        var snapshot = MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch).Snapshot;

        OracleAssert.SameNumbers(expected.Bids, book.Bids, "bids");
        OracleAssert.SameNumbers(expected.Asks, book.Asks, "asks");
        OracleAssert.SameSide(expected.Bids, snapshot.Bids, "bids");
        OracleAssert.SameSide(expected.Asks, snapshot.Asks, "asks");
        Assert.Equal(0, snapshot.RejectedEntries);
    }

    /// <summary>The figures pandas 1.5 / numpy 1.24 give for this book, where a left-to-right sum differs.</summary>
    [Fact]
    public async Task Recorded_btc_usd_book_gives_the_figures_pandas_published_for_it()
    {
        var book = await L3BookParser.ParseAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.BtcUsdBook)), "BTC-USD", 1 << 20, TestContext.Current.CancellationToken);
        var snapshot = MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch).Snapshot;

        Assert.Equal(1029.61962891, snapshot.Bids.TotalQty);
        Assert.Equal(1853429.724614138, snapshot.Bids.TotalValue);
        Assert.Equal(5959970.5, snapshot.Asks.TotalPx);
        Assert.Equal(236.77166223, snapshot.Asks.TotalQty);
    }
}
