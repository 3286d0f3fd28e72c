using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using CryptApp.Api.ReadModel;
using CryptApp.Api.Validation;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Views;

namespace CryptApp.UnitTests;

/// <summary>The Api's venue rules: market keys from route ids, quote equivalence, staleness and the served market view.</summary>
public sealed class VenueApiRulesTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("BTC-USD", "BTC-USD")]
    [InlineData("btc-usd", "btc-usd")]
    [InlineData("ABC-DEF-GHI", "ABC-DEF-GHI")]
    [InlineData("binance:btc-usdt", "binance:BTC-USDT")]
    [InlineData("BINANCE:BTC-USDT", "binance:BTC-USDT")]
    [InlineData("blockchain:BTC-USD", "BTC-USD")]
    [InlineData("nasdaq:BTC-USD", null)]
    [InlineData("binance:BTC", null)]
    [InlineData("binance:BTC-US-DT", null)]
    [InlineData(":BTC-USD", null)]
    [InlineData("BTC-USD\n", null)]
    [InlineData("", null)]
    public void Route_ids_become_the_key_the_market_is_stored_under(string id, string? key)
    {
        var errors = new Errors();

        Assert.Equal(key, QueryRules.MarketKey(id, errors));
        Assert.Equal(key is null, errors.Any);
    }

    [Theory]
    [InlineData("BTC-USD", "BTC-USD", "blockchain", "BTC", "USD")]
    [InlineData("okx:ETH-USDT", "okx:ETH-USDT", "okx", "ETH", "USDT")]
    [InlineData("ABC-DEF-GHI", "ABC-DEF-GHI", "blockchain", null, null)]
    public void Rows_from_before_venues_get_their_venue_fields_from_the_symbol(string symbol, string id, string exchange, string? @base, string? quote)
    {
        var row = MarketIdentity.Complete(new MarketSummary(symbol, At, 1, 2, 1.5, 1, 0, 1, 1, 1, 1, 1, 1));

        Assert.Equal((id, exchange, @base, quote), (row.Id, row.Venue, row.Base, row.Quote));
    }

    [Fact]
    public void Equivalent_quotes_combine_under_the_first_name_and_bad_entries_are_refused()
    {
        var quotes = new QuoteEquivalence(Microsoft.Extensions.Options.Options.Create(
            new CryptApp.Api.Extensions.ApiOptions { Pairs = { EquivalentQuotes = ["usd = USDC=USDP"] } }));

        Assert.Equal("BTC-USD", quotes.Name("BTC-USDC"));
        Assert.Equal("BTC-USDT", quotes.Name("BTC-USDT"));
        Assert.Equal("ETH-USD", quotes.PairOf(new MarketSummary("x", At, null, null, null, null, null, null, null, 0, 0, 0, 0, Base: "ETH", Quote: "USDP")));
        Assert.NotNull(QuoteEquivalence.Parse([], out _));
        Assert.Null(QuoteEquivalence.Parse(["USD"], out var single));
        Assert.Null(QuoteEquivalence.Parse(["USD=US$"], out _));
        Assert.Null(QuoteEquivalence.Parse(["USD=USDC", "USDC=USDT"], out var twice));
        Assert.NotNull(single);
        Assert.NotNull(twice);
    }

    [Fact]
    public void A_market_is_stale_past_twice_its_venues_interval_and_unknown_without_one()
    {
        var exchanges = new VenueStatusIndex([new VenueStatus("binance", "Binance", true, At, null, 1, Interval: TimeSpan.FromMinutes(1))]);

        Assert.False(exchanges.IsStale("binance", At, At.AddMinutes(2)));
        Assert.True(exchanges.IsStale("BINANCE", At, At.AddMinutes(2).AddTicks(1)));
        Assert.Null(exchanges.IsStale("okx", At, At.AddDays(1)));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    [InlineData(null)]
    public void The_served_view_is_the_stored_one_with_stale_set(bool? stale)
    {
        var view = new MarketView("okx:BTC-USDT", At, 1, 2, 1.5, 1, 1, false, 0, 1.5, null, Side(), Side(), 0,
            Id: "okx:BTC-USDT", Venue: "okx", Base: "BTC", Quote: "USDT", VenueSymbol: "BTC-USDT", DepthComplete: true);
        var stored = JsonSerializer.SerializeToUtf8Bytes(view, ViewJsonContext.Default.MarketView);

        var served = ServedMarketJson.WithStale(stored, stale);

        var expected = JsonSerializer.SerializeToUtf8Bytes(view with { Stale = stale }, ViewJsonContext.Default.MarketView);
        Assert.Equal(Encoding.UTF8.GetString(expected), Encoding.UTF8.GetString(served));
    }

    [Fact]
    public void A_view_stored_before_venues_gets_its_venue_fields_when_served()
    {
        var legacy = JsonNode.Parse(JsonSerializer.SerializeToUtf8Bytes(
            new MarketView("BTC-USD", At, 1, 2, 1.5, 1, 1, false, 0, 1.5, null, Side(), Side(), 0), ViewJsonContext.Default.MarketView))!.AsObject();
        foreach (var field in new[] { "id", "exchange", "base", "quote", "venueSymbol", "exchangeTime", "stale", "depthComplete" })
        {
            legacy.Remove(field);
        }

        var served = JsonNode.Parse(ServedMarketJson.WithStale(Encoding.UTF8.GetBytes(legacy.ToJsonString()), true))!;

        Assert.Equal("BTC-USD", (string?)served["id"]);
        Assert.Equal("blockchain", (string?)served["exchange"]);
        Assert.Equal("BTC", (string?)served["base"]);
        Assert.Equal("USD", (string?)served["quote"]);
        Assert.True((bool)served["stale"]!);
        Assert.Equal(1.5, (double)served["mid"]!);
    }

    private static SideView Side() => new(1, 1, 1, 1, 1, null, null);
}
