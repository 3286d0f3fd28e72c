using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

public sealed class MarketIdTests
{
    [Theory]
    [InlineData("binance:BTC-USDT", "binance", "BTC-USDT")]
    [InlineData("Binance:btc-usdt", "binance", "BTC-USDT")]
    [InlineData("okx:ETH-USDC", "okx", "ETH-USDC")]
    [InlineData("BTC-USD", "blockchain", "BTC-USD")]
    [InlineData("blockchain:BTC-USD", "blockchain", "BTC-USD")]
    [InlineData(" kraken:DOGE-USD ", "kraken", "DOGE-USD")]
    public void Parses_venue_and_pair_in_canonical_case(string text, string venue, string pair)
    {
        var id = MarketId.Parse(text);

        Assert.Equal(new MarketId(venue, pair), id);
    }

    [Theory]
    [InlineData("", "required")]
    [InlineData("ftx:BTC-USD", "unknown venue 'ftx'")]
    [InlineData("binance:BTCUSDT", "BASE-QUOTE")]
    [InlineData("binance:BTC-US-DT", "BASE-QUOTE")]
    [InlineData("BTC/USD", "BASE-QUOTE")]
    [InlineData("coinbase:", "BASE-QUOTE")]
    public void Rejects_malformed_ids_with_a_message_that_says_why(string text, string message)
    {
        Assert.False(MarketId.TryParse(text, out _, out var error));
        Assert.Contains(message, error);
        Assert.Contains(message, Assert.Throws<FormatException>(() => MarketId.Parse(text)).Message);
    }

    [Theory]
    [InlineData("binance:BTC-USDT", "binance")]
    [InlineData("OKX:eth-usdc", "okx")]
    [InlineData(" kraken :DOGE-USD", "kraken")]
    [InlineData("BTC-USD", "blockchain")]
    [InlineData("", "blockchain")]
    [InlineData("blockchain:BTC-USD", "blockchain")]
    [InlineData(":BTC-USD", "")]
    [InlineData("a:b:c", "a")]
    [InlineData("ftx:BTC-USD", "ftx")]
    public void Venue_of_an_id_is_the_text_before_the_first_colon_else_blockchain(string id, string venue) =>
        Assert.Equal(venue, MarketId.VenueOf(id));

    [Fact]
    public void An_id_with_a_leading_colon_belongs_to_no_venue_in_parse_either()
    {
        Assert.False(MarketId.TryParse(":BTC-USD", out _, out var error));
        Assert.Contains("unknown venue ''", error);
        Assert.Null(VenueCatalog.Find(MarketId.VenueOf(":BTC-USD")));
    }

    [Fact]
    public void Formats_with_the_venue_and_compacts_only_blockchain()
    {
        Assert.Equal("binance:BTC-USDT", new MarketId("binance", "BTC-USDT").ToString());
        Assert.Equal("binance:BTC-USDT", new MarketId("binance", "BTC-USDT").ToCompactString());
        Assert.Equal("blockchain:BTC-USD", new MarketId("blockchain", "BTC-USD").ToString());
        Assert.Equal("BTC-USD", new MarketId("blockchain", "BTC-USD").ToCompactString());
    }

    [Fact]
    public void Round_trips_every_venue()
    {
        foreach (var venue in VenueCatalog.All)
        {
            var id = new MarketId(venue.Id, "BTC-USDT");
            Assert.Equal(id, MarketId.Parse(id.ToString()));
            Assert.Equal(id, MarketId.Parse(id.ToCompactString()));
        }
    }

    [Fact]
    public void Catalogue_has_the_six_venues_with_lower_case_ids_and_their_sections()
    {
        Assert.Equal(["blockchain", "binance", "coinbase", "kraken", "okx", "bybit"], VenueCatalog.All.Select(v => v.Id));
        Assert.Equal("Exchanges:Okx", VenueCatalog.Get("OKX").SectionName);
        Assert.Null(VenueCatalog.Find("ftx"));
        Assert.Contains("known venues", Assert.Throws<ArgumentException>(() => VenueCatalog.Get("ftx")).Message);
    }
}
