using System.Text;
using CryptApp.Core.Markets;
using CryptApp.Core.Views;

namespace CryptApp.UnitTests;

/// <summary>A market's venue source in its views and index row; the original's views only for Blockchain.com, unchanged.</summary>
public sealed class StoredViewsTests
{
    private static readonly MarketSnapshot Snapshot = Analyze("BTC-USD");

    [Fact]
    public void Blockchain_markets_keep_the_original_views_byte_for_byte()
    {
        var sourced = Snapshot with { Source = new MarketSource("BTC-USD", "blockchain", "BTC", "USD", "BTC-USD", null, true) };

        var before = StoredViews.From(Snapshot).Where(v => v.Field != "market").ToList();
        var after = StoredViews.From(sourced).Where(v => v.Field != "market").ToList();

        Assert.Equal(["compat", "compat-bids", "compat-asks"], after.Select(v => v.Field));
        Assert.Equal(before.Select(v => Encoding.UTF8.GetString(v.Json)), after.Select(v => Encoding.UTF8.GetString(v.Json)));
    }

    [Fact]
    public void Another_venues_market_has_only_its_market_view_with_the_venue_fields_and_stale_left_to_the_api()
    {
        var time = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        var binance = Analyze("binance:BTC-USDT") with { Source = new MarketSource("binance:BTC-USDT", "binance", "BTC", "USDT", "BTCUSDT", time, false, "TRADING") };

        var views = StoredViews.From(binance).ToList();
        var json = Encoding.UTF8.GetString(views.Single().Json);
        var summary = binance.ToSummary();

        Assert.Equal("market", views.Single().Field);
        Assert.EndsWith(
            "\"id\":\"binance:BTC-USDT\",\"exchange\":\"binance\",\"base\":\"BTC\",\"quote\":\"USDT\",\"venueSymbol\":\"BTCUSDT\",\"exchangeTime\":\"2026-01-02T03:04:05+00:00\",\"stale\":null,\"depthComplete\":false,\"tradingStatus\":\"TRADING\",\"status\":\"open\",\"closedAt\":null,\"source\":null,\"lagMs\":null}",
            json);
        Assert.Equal(("binance:BTC-USDT", "binance:BTC-USDT", "binance", "BTC", "USDT", "BTCUSDT", time, null, false, "TRADING"),
            (summary.Symbol, summary.Id, summary.Venue, summary.Base, summary.Quote, summary.VenueSymbol, summary.VenueTime, summary.Stale, summary.DepthComplete,
                summary.TradingStatus));
    }

    private static MarketSnapshot Analyze(string symbol)
    {
        var book = new OrderBook(symbol);
        book.Bids.Add(new BookEntry(99, 1, 1));
        book.Asks.Add(new BookEntry(101, 2, 2));
        return MarketAnalyzer.Analyze(book, DateTimeOffset.UnixEpoch).Snapshot;
    }
}
