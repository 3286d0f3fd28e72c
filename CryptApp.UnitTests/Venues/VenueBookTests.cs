using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

public sealed class VenueBookTests
{
    [Fact]
    public void Binance_depth_string_pairs_parse_exactly_without_order_counts()
    {
        var book = VenueParsing.Book("binance", Fixtures.Read("binance/api_v3_depth_BTCUSDT_nautilus.json"),
            VenueParsing.Instrument("binance", "BTC-USDT", "BTCUSDT"));

        Assert.Equal("binance:BTC-USDT", book.Book.Symbol);
        Assert.Equal((10, 10), (book.Book.Bids.Count, book.Book.Asks.Count));
        Assert.Equal(new BookEntry(60650.0, 0.00213, 0), book.Book.Bids[0]);
        Assert.Equal(new BookEntry(60650.01, 0.61982, 0), book.Book.Asks[0]);
        Assert.Null(book.VenueTime);
        Assert.True(book.Whole);
    }

    [Fact]
    public void Coinbase_level2_carries_order_counts_and_the_exchange_time_and_is_cut_to_depth()
    {
        var book = VenueParsing.Book("coinbase", Fixtures.Read("coinbase/products_BTC-USD_book_level2_trimmed30_senken.json"),
            VenueParsing.Instrument("coinbase", "BTC-USD", "BTC-USD"), depth: 10);

        Assert.Equal((10, 10), (book.Book.Bids.Count, book.Book.Asks.Count));
        Assert.Equal(new BookEntry(77588.84, 0.02001939, 3), book.Book.Bids[0]);
        Assert.Equal((30, 30), (book.BidLevels, book.AskLevels));
        Assert.False(book.Whole);
        Assert.Equal(new DateTimeOffset(2026, 9, 2, 7, 1, 32, TimeSpan.Zero).AddTicks(192046), book.VenueTime);
    }

    [Theory]
    [InlineData("kraken/0_public_Depth_XBTUSD_count5_senken.json", "XBTUSD", 77586.3, 0.864, 1788332500)]
    [InlineData("kraken/0_public_Depth_XBTUSDT_nautilus.json", "XBTUSDT", 105944.2, 0.002, 1762820249)]
    public void Kraken_depth_is_read_from_the_single_result_key_whatever_its_name(string fixture, string asked, double px, double qty, long newest)
    {
        var book = VenueParsing.Book("kraken", Fixtures.Read(fixture), VenueParsing.Instrument("kraken", "BTC-USD", asked));

        Assert.Equal((5, 5), (book.Book.Bids.Count, book.Book.Asks.Count));
        Assert.Equal(new BookEntry(px, qty, 0), book.Book.Bids[0]);
        Assert.Equal(DateTimeOffset.FromUnixTimeSeconds(newest), book.VenueTime);
    }

    [Fact]
    public void Kraken_depth_with_two_books_is_refused()
    {
        var error = Assert.Throws<VenueDataException>(() => VenueParsing.Book("kraken",
            """{"error":[],"result":{"A":{"bids":[],"asks":[]},"B":{"bids":[],"asks":[]}}}""", VenueParsing.Instrument("kraken", "BTC-USD", "XBTUSD")));

        Assert.Contains("expected one book", error.Message);
    }

    [Fact]
    public void Okx_books_read_the_order_count_from_the_fourth_field_and_ts_as_a_string()
    {
        var book = VenueParsing.Book("okx", Fixtures.Read("okx/api_v5_market_books_BTC-USDT_docs.json"), VenueParsing.Instrument("okx", "BTC-USDT", "BTC-USDT"));

        Assert.Equal(new BookEntry(41006.3, 0.30178218, 2), Assert.Single(book.Book.Bids));
        Assert.Equal(new BookEntry(41006.8, 0.60038921, 1), Assert.Single(book.Book.Asks));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1629966436396), book.VenueTime);
    }

    [Fact]
    public void Bybit_orderbook_reads_b_and_a_and_the_integer_ts()
    {
        var book = VenueParsing.Book("bybit", Fixtures.Read("bybit/v5_market_orderbook_spot_BTCUSDT_docs.json"), VenueParsing.Instrument("bybit", "BTC-USDT", "BTCUSDT"));

        Assert.Equal(new BookEntry(16638.27, 0.305749, 0), Assert.Single(book.Book.Bids));
        Assert.Equal(new BookEntry(16638.64, 0.008479, 0), Assert.Single(book.Book.Asks));
        Assert.Equal(DateTimeOffset.FromUnixTimeMilliseconds(1672765737733), book.VenueTime);
    }

    [Fact]
    public void Numbers_in_every_form_parse_as_the_l3_parser_does_and_bad_levels_are_rejected_by_reason()
    {
        var json = """
            {"lastUpdateId":1,
             "bids":[["5.0E-4","1e2"],[101.5,"0.25"],[" 7 ","2"],["1\u002E5","3"],[],["1"],[null,"1"],["1",null],["abc","1"],["-1","1"],["1","0"],["1","NaN"],"x"],
             "asks":[["1E+400","1"]]}
            """;

        var book = VenueParsing.Book("binance", json, VenueParsing.Instrument("binance", "BTC-USDT", "BTCUSDT"));

        Assert.Equal([new(0.0005, 100, 0), new(101.5, 0.25, 0), new(7, 2, 0), new(1.5, 3, 0)], book.Book.Bids);
        Assert.Empty(book.Book.Asks);
        Assert.Equal(
            new Dictionary<RejectionReason, int>
            {
                [RejectionReason.MissingPrice] = 3,
                [RejectionReason.MissingQuantity] = 2,
                [RejectionReason.InvalidPrice] = 3,
                [RejectionReason.InvalidQuantity] = 2,
            },
            book.Book.Rejections);
    }

    [Theory]
    [InlineData("okx", """{"code":"51001","msg":"Instrument ID does not exist","data":[]}""", "OKX code 51001")]
    [InlineData("bybit", """{"retCode":10001,"retMsg":"params error","result":{}}""", "Bybit retCode 10001 'params error'")]
    [InlineData("kraken", """{"error":["EQuery:Unknown asset pair"]}""", "Kraken says 'EQuery:Unknown asset pair'")]
    [InlineData("coinbase", """{"message":"NotFound"}""", "Coinbase says 'NotFound'")]
    [InlineData("binance", """{"bids":{},"asks":[]}""", "not an array of levels")]
    public void Book_error_envelopes_and_wrong_shapes_become_data_errors(string venue, string json, string message)
    {
        var error = Assert.Throws<VenueDataException>(() => VenueParsing.Book(venue, json, VenueParsing.Instrument(venue, "BTC-USDT", "BTCUSDT")));

        Assert.Contains(message, error.Message);
    }
}
