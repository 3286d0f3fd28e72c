using System.Text;
using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests;

public sealed class L3BookParserTests
{
    private static async Task<OrderBook> Parse(string json, int chunk = 4096, long maxBytes = 1 << 20) =>
        await L3BookParser.ParseAsync(new ChunkedStream(Encoding.UTF8.GetBytes(json), chunk), "X-Y", maxBytes, TestContext.Current.CancellationToken);

    [Fact]
    public async Task Exponent_numbers_and_int64_order_ids_are_read_exactly()
    {
        var book = await Parse("""{"symbol":"X-Y","bids":[{"px":8493.1,"qty":5.0001E-4,"num":9223372036854775807}],"asks":[]}""");

        Assert.Equal(new BookEntry(8493.1, 5.0001E-4, long.MaxValue), Assert.Single(book.Bids));
        Assert.Empty(book.Asks);
    }

    [Fact]
    public async Task Numeric_strings_are_accepted()
    {
        var book = await Parse("""{"bids":[{"px":"101.5","qty":"2","num":"42"}],"asks":[{"px":"1.0E2","qty":"0.5","num":7}]}""");

        Assert.Equal(new BookEntry(101.5, 2, 42), Assert.Single(book.Bids));
        Assert.Equal(new BookEntry(100, 0.5, 7), Assert.Single(book.Asks));
    }

    [Theory]
    [InlineData("""{"px":1.0,"qty":0,"num":1}""", RejectionReason.InvalidQuantity)]
    [InlineData("""{"px":1.0,"qty":-2,"num":1}""", RejectionReason.InvalidQuantity)]
    [InlineData("""{"px":-1.0,"qty":2,"num":1}""", RejectionReason.InvalidPrice)]
    [InlineData("""{"px":0,"qty":2,"num":1}""", RejectionReason.InvalidPrice)]
    [InlineData("""{"px":"NaN","qty":2,"num":1}""", RejectionReason.InvalidPrice)]
    [InlineData("""{"px":"abc","qty":2,"num":1}""", RejectionReason.InvalidPrice)]
    [InlineData("""{"px":1e400,"qty":2,"num":1}""", RejectionReason.InvalidPrice)]
    [InlineData("""{"qty":2,"num":1}""", RejectionReason.MissingPrice)]
    [InlineData("""{"px":2,"num":1}""", RejectionReason.MissingQuantity)]
    [InlineData("""{"px":null,"qty":2,"num":1}""", RejectionReason.MissingPrice)]
    public async Task Invalid_entries_are_rejected_counted_and_left_out(string entry, RejectionReason reason)
    {
        var book = await Parse($$"""{"bids":[{"px":3,"qty":1,"num":9},{{entry}}],"asks":[]}""");

        Assert.Single(book.Bids);
        Assert.Equal(1, book.RejectedEntries);
        Assert.Equal(1, book.Rejections[reason]);
    }

    [Fact]
    public async Task Unknown_members_of_any_shape_are_skipped()
    {
        var book = await Parse("""
            {"meta":{"a":[1,{"b":[]}]},"symbol":"X-Y","bids":[{"px":1,"qty":2,"num":3,"extra":{"deep":[1,2]}}],
             "asks":[{"px":4,"qty":5,"num":6}],"trailer":[[],{}]}
            """);

        Assert.Single(book.Bids);
        Assert.Single(book.Asks);
        Assert.Equal(0, book.RejectedEntries);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(4096)]
    public async Task Reading_in_any_chunk_size_gives_the_same_book(int chunk)
    {
        var book = await Parse(Fixtures.BtcUsdBook, chunk);

        Assert.Equal(212, book.Bids.Count);
        Assert.Equal(234, book.Asks.Count);
    }

    [Fact]
    public async Task A_token_larger_than_the_buffer_is_read()
    {
        var longValue = new string('x', 100_000);
        var book = await Parse($$"""{"note":"{{longValue}}","bids":[{"px":1,"qty":1,"num":1}],"asks":[]}""", 8192);

        Assert.Single(book.Bids);
    }

    [Theory]
    [InlineData("""{"bids":[{"px":1,"qty":1,"num":1}""")]
    [InlineData("""{"bids":[{"px":1,"qty":""")]
    [InlineData("""<!DOCTYPE html><html></html>""")]
    [InlineData("""[1,2,3]""")]
    [InlineData("""{"bids":{"px":1}}""")]
    [InlineData("""{"bids":[1,2]}""")]
    [InlineData("")]
    public async Task Malformed_bodies_fail_with_an_exchange_data_error(string json)
    {
        await Assert.ThrowsAsync<VenueDataException>(() => Parse(json));
    }

    [Fact]
    public async Task A_body_over_the_size_cap_is_refused()
    {
        var ex = await Assert.ThrowsAsync<VenueDataException>(() => Parse(Fixtures.BtcUsdBook, maxBytes: 1000));
        Assert.Contains("limit", ex.Message);
    }
}
