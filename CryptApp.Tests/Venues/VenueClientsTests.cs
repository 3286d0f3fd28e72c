using CryptApp.Core.Venues;

namespace CryptApp.Tests.Venues;

/// <summary>Every venue's real client over HTTP against <see cref="FakeVenues"/>: listings, books, and each way a venue says no.</summary>
public sealed class VenueClientsTests(FakeVenuesFixture venues) : IClassFixture<FakeVenuesFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    public static TheoryData<string, string[], string[]> Listings => new()
    {
        { "binance", ["BTC-USDT", "ETH-USDT"], ["LUNA-BTC"] },
        // Coinbase's auction product has BTC-USD's base and quote and is cancel-only; SOL-USD is post-only, still a live book.
        { "coinbase", ["BTC-USD", "ETH-USD", "SOL-USD"], ["BTC-USD", "YFII-USD"] },
        { "kraken", ["BTC-USD", "BTC-USDT", "ETH-USD"], ["DOGE-USD"] },
        { "okx", ["BTC-USDT"], ["ETH-USDC"] },
        { "bybit", ["BTC-USDT", "XDOGE-USDT"], [] },
    };

    [Theory]
    [MemberData(nameof(Listings))]
    public async Task Instruments_are_normalized_to_canonical_pairs_with_their_status(string venue, string[] open, string[] closed)
    {
        using var under = venues.Client(venue);

        var instruments = await under.Client.GetInstrumentsAsync(Cancel).Within(Timeouts.Request, $"{venue} instruments");

        Assert.All(instruments, i => Assert.Equal(venue, i.Venue));
        Assert.Equal(open.Order(), instruments.Where(i => i.Open).Select(i => i.Pair).Order());
        Assert.Equal(closed.Order(), instruments.Where(i => !i.Open).Select(i => i.Pair).Order());
    }

    [Theory]
    [InlineData("binance", "BTC-USDT", 60650.0, 10)]
    [InlineData("coinbase", "BTC-USD", 77588.84, 30)]
    [InlineData("kraken", "BTC-USD", 77586.3, 5)]
    [InlineData("kraken", "BTC-USDT", 105944.2, 5)]
    [InlineData("okx", "BTC-USDT", 41006.3, 1)]
    [InlineData("bybit", "BTC-USDT", 16638.27, 1)]
    public async Task Recorded_books_are_read_through_the_listed_instrument(string venue, string pair, double bestBid, int levels)
    {
        using var under = venues.Client(venue);
        var instrument = (await under.Client.GetInstrumentsAsync(Cancel).Within(Timeouts.Request, "instruments")).Single(i => i.Pair == pair && i.Open);

        var book = await under.Client.GetBookAsync(instrument, 100, Cancel).Within(Timeouts.Request, $"{venue} book");

        Assert.Equal(instrument.MarketId.ToCompactString(), book.Book.Symbol);
        Assert.Equal(bestBid, book.Book.Bids[0].Px);
        Assert.Equal(levels, book.Book.Bids.Count);
        Assert.Equal(0, book.Book.RejectedEntries);
    }

    [Theory]
    [InlineData("binance", "ETH-USDT")]
    [InlineData("kraken", "ETH-USD")]
    [InlineData("okx", "ETH-USDC")]
    [InlineData("bybit", "XDOGE-USDT")]
    public async Task Generated_books_come_back_to_the_depth_asked(string venue, string pair)
    {
        using var under = venues.Client(venue);
        var instrument = (await under.Client.GetInstrumentsAsync(Cancel).Within(Timeouts.Request, "instruments")).Single(i => i.Pair == pair);

        var book = await under.Client.GetBookAsync(instrument, 20, Cancel).Within(Timeouts.Request, $"{venue} book");

        Assert.Equal((20, 20), (book.Book.Bids.Count, book.Book.Asks.Count));
        Assert.True(book.Book.Bids[0].Px < book.Book.Asks[0].Px);
        Assert.False(book.Whole);
    }

    [Fact]
    public async Task Coinbase_answers_its_whole_book_whatever_depth_is_asked_and_it_is_kept_whole()
    {
        using var under = venues.Client("coinbase");
        var instrument = (await under.Client.GetInstrumentsAsync(Cancel).Within(Timeouts.Request, "instruments")).Single(i => i.Pair == "ETH-USD");

        var book = await under.Client.GetBookAsync(instrument, 20, Cancel).Within(Timeouts.Request, "coinbase book");

        Assert.Equal((FakeVenues.FullCoinbaseBookLevels, FakeVenues.FullCoinbaseBookLevels), (book.Book.Bids.Count, book.Book.Asks.Count));
        Assert.True(book.Whole);
        Assert.True(book.DepthComplete(mid: null));
    }

    [Theory]
    [InlineData("okx", "OKX code 51001")]
    [InlineData("bybit", "Bybit retCode 10001")]
    [InlineData("kraken", "Kraken says 'EQuery:Unknown asset pair'")]
    public async Task Error_envelopes_in_a_200_are_data_errors_with_the_venue_message(string venue, string message)
    {
        using var under = venues.Client(venue);
        venues.Server.Set(venue, FakeVenueFault.ErrorEnvelope);

        var error = await Assert.ThrowsAsync<VenueDataException>(() => under.Client.GetInstrumentsAsync(Cancel)).Within(Timeouts.Request, "the envelope");

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task Krakens_rate_limit_error_in_a_200_pauses_its_gate()
    {
        using var under = venues.Client("kraken");
        venues.Server.Set("kraken", FakeVenueFault.RateLimitInBand);

        var error = await Assert.ThrowsAsync<VenueDataException>(() => under.Client.GetInstrumentsAsync(Cancel)).Within(Timeouts.Request, "the refusal");

        Assert.Contains("EAPI:Rate limit exceeded", error.Message);
        Assert.True(under.Gate.State.PausedUntil > DateTimeOffset.UtcNow);
        Assert.Equal(1, under.Gate.State.Throttled);
    }

    [Theory]
    [InlineData("binance", "Invalid symbol.")]
    [InlineData("coinbase", "NotFound")]
    public async Task Error_statuses_are_http_errors_with_the_venue_message(string venue, string message)
    {
        using var under = venues.Client(venue);
        venues.Server.Set(venue, FakeVenueFault.ErrorEnvelope);

        var error = await Assert.ThrowsAsync<VenueHttpException>(() => under.Client.GetInstrumentsAsync(Cancel)).Within(Timeouts.Request, "the error");

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task An_html_outage_page_is_a_data_error()
    {
        using var under = venues.Client("coinbase");
        venues.Server.Set("coinbase", FakeVenueFault.HtmlPage);

        var error = await Assert.ThrowsAsync<VenueDataException>(() => under.Client.GetInstrumentsAsync(Cancel)).Within(Timeouts.Request, "the page");

        Assert.Contains("text/html", error.Message);
    }
}
