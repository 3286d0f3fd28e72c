using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

public sealed class VenueOptionsTests
{
    [Theory]
    [InlineData("blockchain", "https://api.blockchain.com/v3/exchange", 2, 1)]
    [InlineData("binance", "https://data-api.binance.vision/", 6000, 60)]
    [InlineData("coinbase", "https://api.exchange.coinbase.com/", 10, 1)]
    [InlineData("kraken", "https://api.kraken.com/", 1, 1)]
    [InlineData("okx", "https://www.okx.com/", 40, 2)]
    [InlineData("bybit", "https://api.bybit.com/", 600, 5)]
    public void Defaults_follow_each_venues_published_limits(string venue, string baseUrl, double budget, int windowSeconds)
    {
        var options = VenueCatalog.Get(venue).DefaultOptions();

        Assert.True(options.Enabled);
        Assert.Equal(new Uri(baseUrl), options.BaseUrl);
        Assert.Equal(budget, options.Budget);
        Assert.Equal(TimeSpan.FromSeconds(windowSeconds), options.BudgetWindow);
    }

    [Fact]
    public void Big_venues_default_to_a_short_list_in_their_own_quote_conventions_and_blockchain_to_everything()
    {
        Assert.Empty(VenueCatalog.Get("blockchain").DefaultOptions().SymbolList());
        Assert.Contains("BTC-USDT", VenueCatalog.Get("binance").DefaultOptions().SymbolList());
        Assert.Contains("BTC-USD", VenueCatalog.Get("coinbase").DefaultOptions().SymbolList());
        Assert.Contains("BTC-USD", VenueCatalog.Get("kraken").DefaultOptions().SymbolList());
        Assert.All(VenueCatalog.L2Venues, v => Assert.InRange(VenueCatalog.Get(v.Id).DefaultOptions().SymbolList().Count, 1, 10));
    }

    [Fact]
    public void Symbols_are_a_comma_list_in_any_case_and_star_means_every_open_instrument()
    {
        var options = new VenueOptions { Symbols = " btc-usdt, ETH-USDT,,BTC-USDT " };
        Assert.Equal(["BTC-USDT", "ETH-USDT"], options.SymbolList());

        options.Symbols = "*";
        Assert.Empty(options.SymbolList());

        options.Symbols = "BTCUSDT";
        Assert.Contains("BASE-QUOTE", Assert.Throws<FormatException>(() => options.SymbolList()).Message);
    }

    [Fact]
    public void Selects_open_instruments_named_in_symbols()
    {
        var options = new VenueOptions { Symbols = "BTC-USDT" };
        var open = new VenueInstrument("okx", "BTC-USDT", "BTC", "USDT", "BTC-USDT", "live", true);

        Assert.True(options.Selects(open));
        Assert.False(options.Selects(open with { Open = false }));
        Assert.False(options.Selects(open with { Pair = "ETH-USDT" }));
        Assert.True(new VenueOptions().Selects(open with { Pair = "ETH-USDT" }));
    }

    [Theory]
    [InlineData(1, 5)]
    [InlineData(100, 5)]
    [InlineData(101, 25)]
    [InlineData(500, 25)]
    [InlineData(1000, 50)]
    [InlineData(5000, 250)]
    public void Binance_depth_weight_follows_the_limit(int limit, int weight)
    {
        Assert.Equal(weight, BinanceClient.DepthWeight(limit));
    }
}
