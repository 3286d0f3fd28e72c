using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

public sealed class KrakenAssetsTests
{
    [Theory]
    [InlineData("XXBT", "BTC")]
    [InlineData("XBT", "BTC")]
    [InlineData("XXDG", "DOGE")]
    [InlineData("XDG", "DOGE")]
    [InlineData("XETH", "ETH")]
    [InlineData("XXRP", "XRP")]
    [InlineData("ZUSD", "USD")]
    [InlineData("ZEUR", "EUR")]
    [InlineData("USDT", "USDT")]
    [InlineData("SOL", "SOL")]
    [InlineData("XTZ", "XTZ")]
    [InlineData("ZEUS", "ZEUS")]
    [InlineData("xxbt", "BTC")]
    public void Legacy_codes_lose_their_prefix_and_kraken_names_become_common_ones(string code, string expected)
    {
        Assert.Equal(expected, KrakenAssets.Normalize(code));
    }
}
