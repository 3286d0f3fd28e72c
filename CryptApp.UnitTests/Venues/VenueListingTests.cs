using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Venues;

public sealed class VenueListingTests
{
    private static VenueInstrument Instrument(string venueSymbol, string pair = "BTC-USD", bool open = true) =>
        new("coinbase", pair, pair[..pair.IndexOf('-')], pair[(pair.IndexOf('-') + 1)..], venueSymbol, open ? "online" : "cancel_only", open);

    [Fact]
    public void Of_two_open_instruments_of_one_pair_the_one_whose_symbol_spells_it_is_kept_wherever_it_is_listed()
    {
        var auction = Instrument("BTCAUCTION-USD");
        var spot = Instrument("BTC-USD");

        var listing = VenueListing.Of([auction, spot, Instrument("ETH-USD", "ETH-USD")]);

        Assert.Equal(["BTC-USD", "ETH-USD"], listing.Open.Select(i => i.VenueSymbol));
        Assert.Equal((spot, auction), Assert.Single(listing.PassedOver));
        Assert.Equal(["BTC-USD", "ETH-USD"], VenueListing.Of([spot, auction, Instrument("ETH-USD", "ETH-USD")]).Open.Select(i => i.VenueSymbol));
    }

    [Fact]
    public void Where_no_symbol_spells_the_pair_the_first_listed_is_kept_and_the_other_named()
    {
        var legacy = Instrument("XXBTZUSD");
        var other = Instrument("XBTUSD.M");

        var listing = VenueListing.Of([legacy, other]);

        Assert.Equal(legacy, Assert.Single(listing.Open));
        Assert.Equal((legacy, other), Assert.Single(listing.PassedOver));
    }

    [Fact]
    public void Closed_instruments_are_left_out_and_pass_over_nothing()
    {
        var listing = VenueListing.Of([Instrument("BTCAUCTION-USD", open: false), Instrument("XXBTZUSD")]);

        Assert.Equal("XXBTZUSD", Assert.Single(listing.Open).VenueSymbol);
        Assert.Empty(listing.PassedOver);
    }

    [Theory]
    [InlineData("BTC-USD", "BTC-USD", true)]
    [InlineData("BTCUSDT", "BTC-USDT", true)]
    [InlineData("btc_usdt", "BTC-USDT", true)]
    [InlineData("BTCAUCTION-USD", "BTC-USD", false)]
    [InlineData("XXBTZUSD", "BTC-USD", false)]
    public void A_symbol_spells_its_pair_separators_and_case_aside(string venueSymbol, string pair, bool spells) =>
        Assert.Equal(spells, VenueListing.SpellsPair(Instrument(venueSymbol, pair)));
}
