using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;

namespace CryptApp.UnitTests;

public sealed class SlippageTests
{
    private static readonly BookLevels Book = new(
        "T-USD", DateTimeOffset.UnixEpoch, 100,
        [new BookLevel(99, 1, 1), new BookLevel(98, 2, 1)],
        [new BookLevel(101, 1, 1), new BookLevel(102, 2, 1)]);

    [Fact]
    public void Buy_walks_asks_from_the_lowest_price()
    {
        var estimate = SlippageEstimate.Walk(Book, TradeSide.Buy, 101 + 102);

        var qty = 1 + 1.0;
        Assert.Equal(203 / qty, estimate.Vwap!.Value, 12);
        Assert.Equal((203 / qty - 100) / 100 * 10_000, estimate.SlippageBps!.Value, 9);
        Assert.Equal(2, estimate.LevelsUsed);
        Assert.Null(estimate.Reason);
    }

    [Fact]
    public void Sell_walks_bids_from_the_highest_price_and_is_below_mid()
    {
        var estimate = SlippageEstimate.Walk(Book, TradeSide.Sell, 49.5);

        Assert.Equal(99, estimate.Vwap!.Value, 12);
        Assert.Equal(-100, estimate.SlippageBps!.Value, 9);
    }

    [Fact]
    public void Too_thin_a_book_gives_null_and_a_reason()
    {
        var estimate = SlippageEstimate.Walk(Book, TradeSide.Buy, 1_000_000);

        Assert.Null(estimate.Vwap);
        Assert.Null(estimate.SlippageBps);
        Assert.Equal(101 + 204, estimate.FilledNotional, 9);
        Assert.Contains("too thin", estimate.Reason);
    }

    [Fact]
    public void No_mid_gives_null_and_a_reason()
    {
        var estimate = SlippageEstimate.Walk(Book with { Mid = null, Asks = [] }, TradeSide.Sell, 10);

        Assert.Null(estimate.Vwap);
        Assert.Contains("no mid", estimate.Reason);
    }
}
