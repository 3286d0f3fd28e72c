using System.Text.Json;
using Aspire.Hosting.Testing;
using CryptApp.Contracts.Jobs;
using CryptApp.Contracts.Markets;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using CryptApp.Core.Views;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// The whole AppHost collecting every venue (<see cref="VenuesAppHost"/>), read back from Redis: each
/// venue's open markets stored under their ids with the normalized fields, each venue's outcome in the
/// run record and its status saved, and a venue down or banned failing alone while the others stay fresh.
/// </summary>
public sealed class VenueCollectionTests(VenuesAppHost host) : IClassFixture<VenuesAppHost>, IAsyncLifetime
{
    private const int TestTimeout = 180_000;

    /// <summary>
    /// Every open instrument of the fake listings, post-only ones included (coinbase:SOL-USD, kraken:ETH-USD); the closed ones
    /// (LUNA-BTC, YFII-USD, DOGE-USD, ETH-USDC) and Coinbase's cancel-only auction product of BTC-USD are not collected.
    /// </summary>
    private static readonly Dictionary<string, string[]> VenueMarkets = new()
    {
        ["binance"] = ["binance:BTC-USDT", "binance:ETH-USDT"],
        ["coinbase"] = ["coinbase:BTC-USD", "coinbase:ETH-USD", "coinbase:SOL-USD"],
        ["kraken"] = ["kraken:BTC-USD", "kraken:BTC-USDT", "kraken:ETH-USD"],
        ["okx"] = ["okx:BTC-USDT"],
        ["bybit"] = ["bybit:BTC-USDT", "bybit:XDOGE-USDT"],
    };

    private static readonly string[] NotCollected = ["binance:LUNA-BTC", "coinbase:YFII-USD", "kraken:DOGE-USD", "okx:ETH-USDC"];

    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    private ConnectionMultiplexer _redis = null!;

    private MarketStore Markets => new(_redis, NullLogger<MarketStore>.Instance);

    private VenueStatusStore Exchanges => new(_redis, NullLogger<VenueStatusStore>.Instance);

    private JobStore Runs => new(_redis, NullLogger<JobStore>.Instance);

    public async ValueTask InitializeAsync()
    {
        var connection = await host.App.GetConnectionStringAsync("cache", TestContext.Current.CancellationToken).AsTask().Within(Timeouts.Request, "the cache's address");
        _redis = await ConnectionMultiplexer.ConnectAsync(connection!).Within(Timeouts.Request, "Redis");
        await WaitForAllMarketsAsync();
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();

    public static TheoryData<string, string, string, string, string, double?, bool, bool> Recorded => new()
    {
        { FakeMarkets.Recorded, "blockchain", "BTC", "USD", "BTC-USD", null, false, true },
        // Depth 5 of the recorded 10 levels, all within 5 % of mid: the cut hides depth the 5 % figures count.
        { "binance:BTC-USDT", "binance", "BTC", "USDT", "BTCUSDT", 60650.0, false, false },
        // Coinbase answers its whole book whatever the depth: all 30 recorded levels are kept, so the 5 % figures are whole.
        // The auction product listed first with the same base and quote is not what feeds it (its book bids below 100).
        { "coinbase:BTC-USD", "coinbase", "BTC", "USD", "BTC-USD", 77588.84, true, true },
        // The legacy name (XXBT/ZUSD) becomes BTC-USD.
        { "kraken:BTC-USD", "kraken", "BTC", "USD", "XXBTZUSD", 77586.3, true, true },
        { "kraken:BTC-USDT", "kraken", "BTC", "USDT", "XBTUSDT", 105944.2, true, true },
        { "okx:BTC-USDT", "okx", "BTC", "USDT", "BTC-USDT", 41006.3, true, true },
        { "bybit:BTC-USDT", "bybit", "BTC", "USDT", "BTCUSDT", 16638.27, true, true },
    };

    [Theory(Timeout = TestTimeout)]
    [MemberData(nameof(Recorded))]
    public async Task Each_venues_market_is_stored_under_its_id_with_the_normalized_fields(
        string id, string exchange, string baseAsset, string quote, string venueSymbol, double? bestBid, bool exchangeTime, bool depthComplete)
    {
        var summary = (await Markets.ListAsync().Within(Timeouts.Request, "the markets index")).Single(m => m.Id == id);
        var snapshot = await Markets.GetAsync(id).Within(Timeouts.Request, "the snapshot");
        var stored = await Markets.GetViewAsync(id, StoredViews.Field(StoredViewKind.Market), TestContext.Current.CancellationToken)
            .Within(Timeouts.Request, "the market view");
        var view = JsonSerializer.Deserialize<MarketView>(stored!.Json, Web)!;

        Assert.Equal((id, id, exchange, baseAsset, quote, venueSymbol), (summary.Symbol, summary.Id, summary.Venue, summary.Base, summary.Quote, summary.VenueSymbol));
        Assert.Equal(id, snapshot!.Symbol);
        Assert.Equal((id, exchange, baseAsset, quote, venueSymbol), (view.Id, view.Venue, view.Base, view.Quote, view.VenueSymbol));
        Assert.Equal(exchangeTime, summary.VenueTime is not null);
        Assert.Equal(summary.VenueTime, view.VenueTime);
        Assert.Equal(depthComplete, summary.DepthComplete);
        Assert.Equal(depthComplete, view.DepthComplete);
        Assert.Null(summary.Stale);
        Assert.Null(view.Stale);
        if (bestBid is not null)
        {
            Assert.Equal(bestBid, summary.BestBid);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Post_only_markets_are_collected_with_their_trading_status_the_auction_product_never_and_a_whole_coinbase_book_whole()
    {
        var markets = (await Markets.ListAsync().Within(Timeouts.Request, "the markets index")).ToDictionary(m => m.Id!);

        Assert.Equal(
            ["online", "post_only", "post_only", "TRADING"],
            new[] { "coinbase:BTC-USD", "coinbase:SOL-USD", "kraken:ETH-USD", "binance:BTC-USDT" }.Select(id => markets[id].TradingStatus));
        Assert.DoesNotContain(host.Venues.RequestsFor("coinbase"), r => r.Path.Contains("BTCAUCTION", StringComparison.Ordinal));
        var stored = await Markets.GetViewAsync("kraken:ETH-USD", StoredViews.Field(StoredViewKind.Market), TestContext.Current.CancellationToken)
            .Within(Timeouts.Request, "the market view");
        Assert.Equal("post_only", JsonSerializer.Deserialize<MarketView>(stored!.Json, Web)!.TradingStatus);
        var whole = markets["coinbase:ETH-USD"];
        Assert.Equal((FakeVenues.FullCoinbaseBookLevels, FakeVenues.FullCoinbaseBookLevels, true), (whole.BidsCount, whole.AsksCount, whole.DepthComplete));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_market_is_asked_next_for_the_smallest_depth_tier_that_reaches_five_percent()
    {
        // Bybit's recorded BTC-USDT book holds one level a side: asked for 100 at first, it is whole with 2 levels to spare,
        // so its next books are asked at Bybit's smallest tier, 50. Binance's depth is pinned (AdaptDepth off) at 5.
        var asked = await Eventually.Value(
            () => Task.FromResult(host.Venues.RequestsFor("bybit").Select(r => r.Path).Where(p => p.Contains("symbol=BTCUSDT", StringComparison.Ordinal)).ToList()),
            paths => paths.Any(p => p.EndsWith("&limit=50", StringComparison.Ordinal)),
            Timeouts.Collection,
            paths => $"bybit's BTC-USDT book to be asked with limit=50; asked: {string.Join(", ", paths ?? [])}",
            TestContext.Current.CancellationToken);

        Assert.EndsWith("&limit=100", asked[0], StringComparison.Ordinal);
        Assert.All(host.Venues.RequestsFor("binance").Where(r => r.Path.Contains("depth", StringComparison.Ordinal)), r => Assert.EndsWith("&limit=5", r.Path, StringComparison.Ordinal));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Closed_instruments_are_not_collected_and_only_blockchain_has_the_original_views()
    {
        var ids = (await Markets.ListAsync().Within(Timeouts.Request, "the markets index")).Select(m => m.Id).ToList();
        var compat = StoredViews.Field(StoredViewKind.Compat);
        var ct = TestContext.Current.CancellationToken;

        Assert.All(NotCollected, id => Assert.DoesNotContain(id, ids));
        Assert.NotNull(await Markets.GetViewAsync(FakeMarkets.Recorded, compat, ct).Within(Timeouts.Request, "the compat view"));
        Assert.Null(await Markets.GetViewAsync("binance:BTC-USDT", compat, ct).Within(Timeouts.Request, "the compat view"));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task The_run_record_lists_each_venues_outcome_and_each_venues_status_is_saved()
    {
        var run = await RunStartedAfterAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken);

        var venues = run.Venues!;
        Assert.True(venues.Count == VenueCatalog.All.Count, $"venues of run {run.Id}: {JsonSerializer.Serialize(venues, Web)}");
        Assert.Equal(VenueCatalog.All.Select(v => v.Id), venues.Select(v => v.Venue));
        foreach (var (venue, ids) in VenueMarkets)
        {
            var outcome = venues.Single(v => v.Venue == venue);
            Assert.Equal(("Succeeded", ids.Length, ids.Length, 0), (outcome.Status, outcome.SymbolsTotal, outcome.SymbolsSucceeded, outcome.SymbolsFailed));
            Assert.Empty(outcome.Errors);
        }

        // The fake exchange fails some of its own symbols on purpose.
        var blockchain = venues.Single(v => v.Venue == "blockchain");
        Assert.Equal("PartiallySucceeded", blockchain.Status);
        Assert.Equal(RunStatus.PartiallySucceeded, run.Status);
        Assert.StartsWith("blockchain: ", run.Reason);
        Assert.Equal(venues.Sum(v => v.SymbolsTotal), run.SymbolsTotal);
        Assert.Equal(blockchain.Errors.Select(e => e.Symbol), run.Errors.Select(e => e.Symbol));

        var statuses = (await Exchanges.ListAsync().Within(Timeouts.Request, "the exchange statuses")).ToDictionary(s => s.Id);
        var stored = await Markets.GetSymbolsAsync().Within(Timeouts.Request, "the markets index");
        Assert.Equal(VenueCatalog.All.Select(v => v.Id).Order(), statuses.Keys.Order());
        Assert.All(statuses.Values, s =>
        {
            Assert.True(s.Enabled);
            Assert.NotNull(s.LastSuccessAt);
            Assert.Equal(TimeSpan.FromSeconds(1), s.Interval);
            Assert.NotNull(s.Budget);
        });
        Assert.Equal(stored.Count(s => !s.Contains(':', StringComparison.Ordinal)), statuses["blockchain"].MarketsCount);
        foreach (var (venue, ids) in VenueMarkets)
        {
            var status = statuses[venue];
            Assert.Equal((ids.Length, 1000.0, VenueCatalog.Get(venue).DisplayName), (status.MarketsCount, status.Budget!.Budget, status.Name));
            Assert.Null(status.LastError);
            Assert.Null(status.LastErrorAt);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_venue_down_and_a_banned_venue_fail_alone_while_the_others_stay_fresh()
    {
        var changedAt = DateTimeOffset.UtcNow;
        host.Venues.Set("coinbase", FakeVenueFault.Down);
        host.Venues.Set("binance", FakeVenueFault.Banned);
        try
        {
            var run = await RunStartedAfterAsync(changedAt, TestContext.Current.CancellationToken);

            var venues = run.Venues!.ToDictionary(v => v.Venue);
            Assert.Equal(RunStatus.PartiallySucceeded, run.Status);
            Assert.Equal("Failed", venues["coinbase"].Status);
            Assert.Contains(venues["coinbase"].Errors, e => e.Symbol == "*" && e.Reason.Contains("500", StringComparison.Ordinal));
            // Failed by the 418 it met, or skipped when the ban was already in force as the run began.
            Assert.Contains(venues["binance"].Status, new[] { "Failed", "Skipped" });
            Assert.Contains(venues["binance"].Errors, e => e.Symbol == "*" && e.Reason.Contains("banned until", StringComparison.Ordinal));
            Assert.Contains("coinbase: ", run.Reason);
            Assert.Contains("binance: ", run.Reason);
            Assert.Contains(run.Errors, e => e.Symbol == "binance:*");
            Assert.All(new[] { "kraken", "okx", "bybit" }, v => Assert.Equal("Succeeded", venues[v].Status));

            var markets = (await Markets.ListAsync().Within(Timeouts.Request, "the markets index")).ToDictionary(m => m.Id!);
            Assert.All(VenueMarkets["kraken"].Concat(VenueMarkets["okx"]).Concat(VenueMarkets["bybit"]),
                id => Assert.True(markets[id].CollectedAt >= run.StartedAt, $"{id} collected at {markets[id].CollectedAt:O}, the run started at {run.StartedAt:O}"));
            // The failing venues keep their last good data.
            Assert.All(VenueMarkets["binance"].Concat(VenueMarkets["coinbase"]), id => Assert.Contains(id, markets.Keys));

            var binance = await Exchanges.GetAsync("binance").Within(Timeouts.Request, "binance's status");
            var coinbase = await Exchanges.GetAsync("coinbase").Within(Timeouts.Request, "coinbase's status");
            var okx = await Exchanges.GetAsync("okx").Within(Timeouts.Request, "okx's status");
            Assert.Contains("banned until", binance!.LastError);
            Assert.NotNull(binance.LastErrorAt);
            Assert.Equal(2, binance.MarketsCount);
            Assert.Contains("500", coinbase!.LastError);
            Assert.Null(okx!.LastError);
            Assert.True(okx.LastSuccessAt >= run.StartedAt);
        }
        finally
        {
            host.Venues.Set("coinbase", FakeVenueFault.None);
            host.Venues.Set("binance", FakeVenueFault.None);
            // The other tests expect every venue collecting: wait out the ban (seconds) for a clean run.
            await RunStartedAfterAsync(DateTimeOffset.UtcNow, TestContext.Current.CancellationToken, r => r.Venues?.All(v => v.Venue == "blockchain" || v.Status == "Succeeded") == true);
        }
    }

    [Fact(Timeout = TestTimeout)]
    public async Task A_slow_venue_is_waited_for_without_delaying_the_others_saving()
    {
        var changedAt = DateTimeOffset.UtcNow;
        host.Venues.Latency = TimeSpan.FromSeconds(1.5);
        host.Venues.Set("kraken", FakeVenueFault.Slow);
        try
        {
            var run = await RunStartedAfterAsync(changedAt, TestContext.Current.CancellationToken);

            Assert.Equal("Succeeded", run.Venues!.Single(v => v.Venue == "kraken").Status);
            // When each market was saved in that run, from its history (later runs save again).
            var saved = new Dictionary<string, DateTimeOffset>();
            foreach (var id in VenueMarkets["kraken"].Concat(VenueMarkets["okx"]).Concat(VenueMarkets["bybit"]))
            {
                var points = await Markets.GetHistoryAsync(id, run.StartedAt!.Value, run.FinishedAt!.Value).Within(Timeouts.Request, $"{id}'s history");
                saved[id] = Assert.Single(points).T;
            }

            // Kraken's list and books take 1.5 s each; the others were saved long before.
            var krakenSaved = VenueMarkets["kraken"].Min(id => saved[id]);
            Assert.True(krakenSaved >= run.StartedAt + TimeSpan.FromSeconds(2.5), $"kraken saved at {krakenSaved:O}, the run started at {run.StartedAt:O}");
            Assert.All(VenueMarkets["okx"].Concat(VenueMarkets["bybit"]), id =>
                Assert.True(saved[id] < krakenSaved - TimeSpan.FromSeconds(1), $"{id} saved at {saved[id]:O}, kraken at {krakenSaved:O}"));
        }
        finally
        {
            host.Venues.Set("kraken", FakeVenueFault.None);
        }
    }

    private async Task WaitForAllMarketsAsync()
    {
        var wanted = VenueMarkets.Values.SelectMany(ids => ids).Append(FakeMarkets.Recorded).ToList();
        await Eventually.Value(
            async () => (await Markets.ListAsync()).Select(m => m.Id ?? m.Symbol).ToList(),
            stored => wanted.All(stored.Contains),
            Timeouts.Collection,
            stored => $"markets {string.Join(", ", wanted.Except(stored ?? []))} to be stored",
            TestContext.Current.CancellationToken,
            TimeSpan.FromMilliseconds(200));
    }

    /// <summary>
    /// The first CollectProcessCryptos run that started after <paramref name="since"/> (and is <paramref name="wanted"/>), once it has finished.
    /// </summary>
    private async Task<RunRecord> RunStartedAfterAsync(DateTimeOffset since, CancellationToken ct, Func<RunRecord, bool>? wanted = null) =>
        (await Eventually.Value(
            async () =>
            {
                var (runs, _) = await Runs.ListAsync(1, 20, JobCatalog.CollectProcessCryptos.Name);
                return runs.Where(r => r.StartedAt > since && (wanted is null || !r.IsFinal || wanted(r))).MinBy(r => r.StartedAt);
            },
            first => first is { IsFinal: true },
            Timeouts.Collection,
            first => $"a run started after {since:O} to finish; the first one is {first?.Id ?? "none"} {first?.Status}",
            ct,
            TimeSpan.FromMilliseconds(200)))!;
}
