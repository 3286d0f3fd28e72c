using CryptApp.Api.Caching;
using CryptApp.Api.Extensions;
using CryptApp.Api.ReadModel;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using Microsoft.Extensions.Options;

namespace CryptApp.UnitTests;

/// <summary>Pairs from the market index: grouped once per index snapshot, looked up by name.</summary>
public sealed class PairIndexTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);

    private static readonly QuoteEquivalence Quotes = new(Options.Create(new ApiOptions { Pairs = { EquivalentQuotes = ["USD=USDC"] } }));

    private static MarketIndex Index(params string[] ids) =>
        new([.. ids.Select(id => MarketIdentity.Complete(new MarketSummary(id, At, 1, 2, 1.5, 1, 0, 1, 1, 1, 1, 1, 1)))]);

    [Fact]
    public void A_pair_names_its_venues_and_a_venue_with_two_markets_by_market_id()
    {
        var index = Index("okx:BTC-USDT", "coinbase:BTC-USDC", "BTC-USD", "coinbase:BTC-USD", "binance:BTC-USDT", "ALGO");
        var exchanges = new VenueStatusIndex([new VenueStatus("coinbase", "Coinbase", true, At, null, 1, Interval: TimeSpan.FromMinutes(1))]);

        var markets = PairMarkets.Find("BTC-USD", index, exchanges, Quotes, At.AddMinutes(5));

        Assert.NotNull(markets);
        Assert.Equal(
            [new PairMember("blockchain", "BTC-USD", false), new PairMember("coinbase:BTC-USD", "coinbase:BTC-USD", true, At.AddMinutes(2)), new PairMember("coinbase:BTC-USDC", "coinbase:BTC-USDC", true, At.AddMinutes(2))],
            markets.Members);
        Assert.Null(PairMarkets.Find("ETH-USD", index, exchanges, Quotes, At));
        Assert.Equal(
            [("BTC-USD", "blockchain,coinbase"), ("BTC-USDT", "binance,okx")],
            PairMarkets.List(index, Quotes).Select(p => (p.Pair, string.Join(',', p.Venues))));
    }

    [Fact]
    public void The_pairs_are_grouped_once_per_index_snapshot()
    {
        var index = Index("okx:BTC-USDT", "binance:BTC-USDT");

        Assert.Same(Quotes.Pairs(index), Quotes.Pairs(index));
        Assert.NotSame(Quotes.Pairs(index), Quotes.Pairs(Index("okx:BTC-USDT", "binance:BTC-USDT")));
    }
}
