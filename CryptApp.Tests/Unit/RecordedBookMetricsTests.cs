using System.Text;
using CryptApp.Core.Exchanges;
using CryptApp.Core.Markets;
using CryptApp.Tests.Fakes;

namespace CryptApp.Tests.Unit;

/// <summary>The recorded BTC-USD book gives, bit for bit, what the original Python system computes from it.</summary>
public sealed class RecordedBookMetricsTests
{
    [Fact]
    public async Task Recorded_btc_usd_book_gives_the_original_figures()
    {
        var book = await L3BookParser.ParseAsync(
            new MemoryStream(Encoding.UTF8.GetBytes(Fixtures.BtcUsdBook)), "BTC-USD", 1 << 20, TestContext.Current.CancellationToken);
        var snapshot = MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch).Snapshot;

        Assert.Equal(212, snapshot.Bids.Count);
        Assert.Equal(1029.6196289099996, snapshot.Bids.TotalQty);
        Assert.Equal(1219356.7999999998, snapshot.Bids.TotalPx);
        Assert.Equal(1853429.7246141376, snapshot.Bids.TotalValue);
        Assert.Equal(234, snapshot.Asks.Count);
        Assert.Equal(236.7716622299995, snapshot.Asks.TotalQty);
        Assert.Equal(2081656.12854252, snapshot.Asks.TotalValue);
        Assert.Equal(0, snapshot.RejectedEntries);
    }
}
