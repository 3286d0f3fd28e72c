using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

public sealed class VenueInstrumentsTests
{
    [Fact]
    public void Binance_instruments_come_from_base_and_quote_assets_and_trading_status()
    {
        var instruments = VenueParsing.Instruments("binance", Fixtures.Read("binance/api_v3_exchangeInfo_nautilus.json").Replace(
            "\"symbols\": [", "\"symbols\": [" + """{"symbol":"LUNABTC","status":"BREAK","baseAsset":"LUNA","quoteAsset":"BTC"},"""));

        Assert.Equal(
            [("BTC-USDT", "BTCUSDT", "TRADING", true), ("ETH-USDT", "ETHUSDT", "TRADING", true), ("LUNA-BTC", "LUNABTC", "BREAK", false)],
            instruments.Select(i => (i.Pair, i.VenueSymbol, i.Status, i.Open)).OrderBy(i => i.Pair));
        Assert.All(instruments, i => Assert.Equal("binance", i.Venue));
        Assert.Equal("binance:BTC-USDT", instruments.Single(i => i.VenueSymbol == "BTCUSDT").MarketId.ToString());
    }

    [Fact]
    public void Coinbase_delisted_and_trading_disabled_products_are_closed()
    {
        var instruments = VenueParsing.Instruments("coinbase", Fixtures.Read("coinbase/products_subset_with_delisted_senken.json"));

        Assert.Equal(
            [("BTC-USD", "BTC-USD", "online", true), ("YFII-USD", "YFII-USD", "delisted", false)],
            instruments.Select(i => (i.Pair, i.VenueSymbol, i.Status, i.Open)));
    }

    [Fact]
    public void Coinbase_online_but_trading_disabled_is_closed()
    {
        var instruments = VenueParsing.Instruments("coinbase",
            """[{"id":"ABC-USD","base_currency":"ABC","quote_currency":"USD","status":"online","trading_disabled":true}]""");

        Assert.False(Assert.Single(instruments).Open);
    }

    /// <summary>The two products as ccxt's Coinbase adapter quotes them: the auction product first, with BTC-USD's base and quote.</summary>
    private const string AuctionFirst = """
        [{"id":"BTCAUCTION-USD","base_currency":"BTC","quote_currency":"USD","display_name":"BTCAUCTION/USD","post_only":false,"limit_only":false,
          "cancel_only":true,"trading_disabled":false,"status":"online","status_message":"","auction_mode":false},
         {"id":"BTC-USD","base_currency":"BTC","quote_currency":"USD","display_name":"BTC/USD","post_only":false,"limit_only":false,
          "cancel_only":false,"trading_disabled":false,"status":"online","status_message":"","auction_mode":false}]
        """;

    [Fact]
    public void Coinbase_auction_product_listed_first_is_cancel_only_and_btc_usd_is_the_one_collected()
    {
        var instruments = VenueParsing.Instruments("coinbase", AuctionFirst);

        Assert.Equal(
            [("BTC-USD", "BTCAUCTION-USD", "cancel_only", false), ("BTC-USD", "BTC-USD", "online", true)],
            instruments.Select(i => (i.Pair, i.VenueSymbol, i.Status, i.Open)));
        Assert.Equal("BTC-USD", Assert.Single(VenueListing.Of(instruments).Open).VenueSymbol);
    }

    [Theory]
    [InlineData("\"cancel_only\":true", "cancel_only", false)]
    [InlineData("\"auction_mode\":true", "auction_mode", false)]
    [InlineData("\"trading_disabled\":true", "trading_disabled", false)]
    [InlineData("\"post_only\":true", "post_only", true)]
    [InlineData("\"limit_only\":true", "limit_only", true)]
    [InlineData("\"post_only\":false", "online", true)]
    public void Coinbase_modes_without_a_live_book_are_not_collected_and_name_the_trading_status(string flag, string status, bool open)
    {
        var instrument = Assert.Single(VenueParsing.Instruments("coinbase",
            $$"""[{"id":"ABC-USD","base_currency":"ABC","quote_currency":"USD","status":"online",{{flag}}}]"""));

        Assert.Equal((status, open), (instrument.Status, instrument.Open));
    }

    [Theory]
    [InlineData("online", true)]
    [InlineData("post_only", true)]
    [InlineData("limit_only", true)]
    [InlineData("reduce_only", true)]
    [InlineData("cancel_only", false)]
    [InlineData("maintenance", false)]
    [InlineData("delisted", false)]
    [InlineData("work_in_progress", false)]
    public void Kraken_pairs_with_a_live_book_are_collected_whatever_order_types_they_take(string status, bool open)
    {
        var instrument = Assert.Single(VenueParsing.Instruments("kraken",
            """{"error":[],"result":{"XETHZUSD":{"altname":"ETHUSD","base":"XETH","quote":"ZUSD","status":""" + $"\"{status}\"" + "}}}"));

        Assert.Equal(("ETH-USD", status, open), (instrument.Pair, instrument.Status, instrument.Open));
    }

    [Fact]
    public void Kraken_legacy_asset_codes_become_btc_usdt_and_btc_usd_and_keep_the_venue_name()
    {
        var json = Fixtures.Read("kraken/0_public_AssetPairs_nautilus.json").Replace("\"result\": {", """
            "result": {
              "XXBTZUSD": {"altname":"XBTUSD","wsname":"XBT/USD","base":"XXBT","quote":"ZUSD","status":"online"},
              "XXDGZEUR": {"altname":"XDGEUR","wsname":"XDG/EUR","base":"XXDG","quote":"ZEUR","status":"cancel_only"},
              "XTZUSD": {"altname":"XTZUSD","wsname":"XTZ/USD","base":"XTZ","quote":"ZUSD","status":"online"},
              "XBTUSDT.d": {"altname":"XBTUSDT.d","base":"XXBT","quote":"USDT"},
            """);

        var instruments = VenueParsing.Instruments("kraken", json);

        Assert.Equal(
            [("BTC-USD", "XXBTZUSD", true), ("BTC-USDT", "XBTUSDT", true), ("DOGE-EUR", "XXDGZEUR", false), ("XTZ-USD", "XTZUSD", true)],
            instruments.Select(i => (i.Pair, i.VenueSymbol, i.Open)).OrderBy(i => i.Pair));
    }

    [Fact]
    public void Okx_suspended_instruments_are_closed()
    {
        var instruments = VenueParsing.Instruments("okx", Fixtures.Read("okx/api_v5_public_instruments_SPOT_composed.json"));

        Assert.Equal(
            [("BTC-USDT", "BTC-USDT", "live", true), ("ETH-USDC", "ETH-USDC", "suspend", false)],
            instruments.Select(i => (i.Pair, i.VenueSymbol, i.Status, i.Open)));
    }

    [Fact]
    public void Bybit_instruments_come_from_base_and_quote_coins()
    {
        var instruments = VenueParsing.Instruments("bybit", Fixtures.Read("bybit/v5_market_instruments_info_spot_composed.json")
            .Replace("\"status\":\"Trading\",\"marginTrading\":\"none\"", "\"status\":\"PreLaunch\",\"marginTrading\":\"none\""));

        Assert.Equal(
            [("BTC-USDT", "BTCUSDT", true), ("XDOGE-USDT", "XDOGEUSDT", false)],
            instruments.Select(i => (i.Pair, i.VenueSymbol, i.Open)));
    }

    [Theory]
    [InlineData("okx", """{"code":"50011","msg":"Too Many Requests","data":[]}""", "OKX code 50011 'Too Many Requests'")]
    [InlineData("bybit", """{"retCode":10006,"retMsg":"Too many visits!","result":{}}""", "Bybit retCode 10006 'Too many visits!'")]
    [InlineData("kraken", """{"error":["EGeneral:Too many requests"]}""", "Kraken says 'EGeneral:Too many requests'")]
    [InlineData("coinbase", """{"message":"Internal error"}""", "Coinbase says 'Internal error'")]
    [InlineData("binance", """{"code":-1121,"msg":"Invalid symbol."}""", "no 'symbols'")]
    public void Error_envelopes_become_data_errors_with_the_venue_message(string venue, string json, string message)
    {
        var error = Assert.Throws<VenueDataException>(() => VenueParsing.Instruments(venue, json));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public void Rows_without_base_or_quote_are_not_instruments()
    {
        var instruments = VenueParsing.Instruments("okx",
            """{"code":"0","msg":"","data":[{"instId":"X","baseCcy":"","quoteCcy":"USDT","state":"live"},{"instId":"A-B","baseCcy":"A","quoteCcy":"B","state":"live"}]}""");

        Assert.Equal("A-B", Assert.Single(instruments).Pair);
    }
}
