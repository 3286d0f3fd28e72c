using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

/// <summary>When a venue's cut book still shows everything within 5 % of mid.</summary>
public sealed class VenueBookDepthTests
{
    [Fact]
    public void A_side_shorter_than_asked_is_the_venues_whole_side()
    {
        var book = Book(requested: 5, bids: [99, 98], asks: [101, 102]);

        Assert.True(book.Whole);
        Assert.True(book.DepthComplete(100));
        Assert.True(book.DepthComplete(null));
    }

    [Fact]
    public void A_full_side_whose_farthest_level_is_still_within_5_percent_hides_depth()
    {
        var book = Book(requested: 2, bids: [99, 98], asks: [101]);

        Assert.False(book.Whole);
        Assert.False(book.DepthComplete(100));
    }

    [Fact]
    public void A_full_side_that_reaches_past_5_percent_hides_nothing_the_figures_count()
    {
        var book = Book(requested: 2, bids: [99, 94], asks: [101, 106]);

        Assert.True(book.DepthComplete(100));
        Assert.False(book.DepthComplete(null));
    }

    [Fact]
    public void Blockchains_l3_book_is_always_complete()
    {
        var book = Book(requested: int.MaxValue, bids: [99.99, 99.98], asks: [100.01]);

        Assert.True(book.DepthComplete(100));
    }

    private static VenueBook Book(int requested, double[] bids, double[] asks)
    {
        var book = new OrderBook("X-Y");
        book.Bids.AddRange(bids.Select(px => new BookEntry(px, 1, 0)));
        book.Asks.AddRange(asks.Select(px => new BookEntry(px, 1, 0)));
        return new VenueBook(new VenueInstrument("binance", "X-Y", "X", "Y", "XY", "TRADING", true), book, null, requested, bids.Length, asks.Length);
    }
}
