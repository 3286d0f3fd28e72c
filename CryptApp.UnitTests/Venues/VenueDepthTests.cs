using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

/// <summary>Which depth a market is asked for next: the smallest of its venue's tiers that reaches 5 % of mid.</summary>
public sealed class VenueDepthTests
{
    [Theory]
    [InlineData(100, 11, 100)]
    [InlineData(100, 101, 500)]
    [InlineData(1000, 120, 500)]
    [InlineData(100, 501, 1000)]
    [InlineData(100, 9000, 5000)]
    [InlineData(100, null, 500)]
    [InlineData(500, null, 1000)]
    [InlineData(5000, null, 5000)]
    [InlineData(5, null, 100)]
    public void Binance_markets_move_to_the_cheapest_weight_tier_that_holds_the_band(int asked, int? levelsToCover, int next) =>
        Assert.Equal(next, VenueCatalog.Binance.NextDepth(asked, levelsToCover));

    [Fact]
    public void A_venue_whose_book_comes_whole_is_asked_as_it_was() =>
        Assert.Equal(100, VenueCatalog.Coinbase.NextDepth(100, null));

    [Fact]
    public void A_side_cut_inside_the_band_leaves_the_levels_needed_unknown()
    {
        // Asked for 3, sent 3 a side, the farthest bid 1 % from mid: what lies beyond is not known.
        Assert.Null(Book(requested: 3, bidsSent: 3, asksSent: 2, bids: [99.5, 99.2, 99.0], asks: [100.5, 106]).LevelsToCover(100));
    }

    [Fact]
    public void A_book_reaching_past_the_band_needs_the_levels_within_it_and_one_more()
    {
        // Bids: 3 within 5 % and one beyond; asks: one within and one beyond.
        var book = Book(requested: 4, bidsSent: 4, asksSent: 2, bids: [99.5, 98, 96, 94], asks: [100.5, 106]);

        Assert.Equal(4, book.LevelsToCover(100));
    }

    [Fact]
    public void A_whole_side_inside_the_band_needs_one_more_than_it_holds_so_a_short_answer_says_whole()
    {
        var book = Book(requested: 100, bidsSent: 10, asksSent: 10, bids: [.. Enumerable.Range(1, 10).Select(i => 100 - i * 0.01)], asks: [.. Enumerable.Range(1, 10).Select(i => 100 + i * 0.01)]);

        Assert.Equal(11, book.LevelsToCover(100));
        Assert.Equal(100, VenueCatalog.Binance.NextDepth(100, book.LevelsToCover(100)));
        Assert.Null(book.LevelsToCover(null));
    }

    private static VenueBook Book(int requested, int bidsSent, int asksSent, double[] bids, double[] asks)
    {
        var instrument = new VenueInstrument("binance", "X-Y", "X", "Y", "XY", "TRADING", true);
        var book = new OrderBook("binance:X-Y");
        book.Bids.AddRange(bids.Select(px => new BookEntry(px, 1, 0)));
        book.Asks.AddRange(asks.Select(px => new BookEntry(px, 1, 0)));
        return new VenueBook(instrument, book, null, requested, bidsSent, asksSent);
    }
}
