using CryptApp.Admin.Components.Shared;
using CryptApp.Admin.Services;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Venues;
using Microsoft.Extensions.Time.Testing;
using Microsoft.JSInterop;

namespace CryptApp.UnitTests;

/// <summary>How the Admin's venue pages name venues, link markets and pairs, and say when something happened.</summary>
public sealed class AdminVenueDisplayTests
{
    private static readonly IReadOnlyList<VenueStatus> Venues =
        [new("okx", "OKX", true, null, null, 1), new("coinbase", "Coinbase Exchange", true, null, null, 1)];

    [Theory]
    [InlineData("okx", "OKX")]
    [InlineData("OKX", "OKX")]
    [InlineData("coinbase:BTC-USDC", "Coinbase Exchange (BTC-USDC)")]
    [InlineData("nasdaq", "nasdaq")]
    [InlineData(null, "—")]
    public void A_venue_shows_by_its_name_and_a_market_id_keeps_its_pair(string? id, string name) => Assert.Equal(name, Venues.Name(id));

    [Theory]
    [InlineData("")]
    [InlineData(":X")]
    [InlineData("binance:BTC-USDT")]
    [InlineData("BTC-USD")]
    [InlineData("a:b:c")]
    [InlineData("Coinbase:BTC-USDC")]
    [InlineData(" okx :BTC-USDT")]
    [InlineData("blockchain:BTC-USD")]
    public void The_admin_and_the_core_agree_on_which_venue_owns_a_market_id(string id) =>
        Assert.Equal(MarketId.VenueOf(id), VenueNames.VenueOf(id));

    [Fact]
    public void Market_ids_are_escaped_in_links_and_a_bare_symbol_stays_as_it_is()
    {
        var venue = Summary("okx:BTC-USDT") with { Id = "okx:BTC-USDT", Base = "BTC", Quote = "USDT" };

        Assert.Equal("/markets/okx%3ABTC-USDT", Links.Market(venue));
        Assert.Equal("/markets/BTC-USD", Links.Market(Summary("BTC-USD")));
        Assert.Equal(("BTC-USDT", "/pairs/BTC-USDT"), Links.Pair(venue));
        Assert.Null(Links.Pair(Summary("BTC-USD")));
    }

    [Theory]
    [InlineData(-2, "just now")]
    [InlineData(-42, "42 s ago")]
    [InlineData(-300, "5 min ago")]
    [InlineData(-7_200, "2 h ago")]
    [InlineData(-3 * 86_400, "3 d ago")]
    [InlineData(1_800, "in 30 min")]
    public void Times_read_as_how_long_ago_or_how_long_to_go(int seconds, string text)
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero));
        var time = new BrowserTime(new NoJs(), clock);

        Assert.Equal(text, time.Relative(clock.GetUtcNow().AddSeconds(seconds)));
        Assert.Equal(seconds > 0, time.IsFuture(clock.GetUtcNow().AddSeconds(seconds)));
    }

    private static MarketSummary Summary(string symbol) => new(symbol, DateTimeOffset.UnixEpoch, null, null, null, null, null, null, null, 0, 0, 0, 0);

    private sealed class NoJs : IJSRuntime
    {
        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, object?[]? args) => throw new NotSupportedException();

        public ValueTask<TValue> InvokeAsync<TValue>(string identifier, CancellationToken cancellationToken, object?[]? args) => throw new NotSupportedException();
    }
}
