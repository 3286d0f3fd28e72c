using CryptApp.Admin.Components.Shared;

namespace CryptApp.UnitTests;

/// <summary>How the Admin writes prices: as many decimals as the price has, so that different quotes never read the same.</summary>
public sealed class AdminPriceFormatTests
{
    [Theory]
    [InlineData(30_000.0, "30,000.00")]
    [InlineData(15.07, "15.07")]
    [InlineData(15.0712, "15.0712")]
    [InlineData(8_495.4, "8,495.40")]
    [InlineData(77_586.3, "77,586.30")]
    [InlineData(1.00000001, "1.00000001")]
    [InlineData(0.0055317, "0.0055317")]
    [InlineData(0.00553578, "0.00553578")]
    [InlineData(2.4561E-05, "0.000024561")]
    [InlineData(0.000012345, "0.000012345")]
    [InlineData(0.30000000000000004, "0.3")]
    [InlineData(1_674.8033333333333, "1,674.803333")]
    [InlineData(0.0, "0")]
    [InlineData(null, "—")]
    public void A_price_shows_the_decimals_it_has_up_to_ten_significant_digits(double? price, string text) =>
        Assert.Equal(text, Format.Price(price));

    [Theory]
    [InlineData(15.07, 15.0712)]
    [InlineData(30_000.0, 30_000.01)]
    [InlineData(105_944.2, 105_944.3)]
    [InlineData(1.2345, 1.2346)]
    [InlineData(0.00553578, 0.00553579)]
    [InlineData(2.4561E-05, 2.4562E-05)]
    [InlineData(1.00000001, 1.00000002)]
    public void A_bid_and_an_ask_that_differ_read_differently(double bid, double ask) =>
        Assert.NotEqual(Format.Price(bid), Format.Price(ask));
}
