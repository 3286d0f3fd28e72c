using System.Diagnostics;
using System.Net;
using CryptApp.Core.Exchanges;
using CryptApp.Core.Exchanges.Venues;

namespace CryptApp.IntegrationTests.Venues;

/// <summary>Throttling and bans are honoured per venue, and one venue failing, banned or slow never holds up another.</summary>
public sealed class VenueIsolationTests(FakeVenuesFixture venues) : IClassFixture<FakeVenuesFixture>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    private static readonly VenueInstrument OkxBtc = new("okx", "BTC-USDT", "BTC", "USDT", "BTC-USDT", "live", true);
    private static readonly VenueInstrument BinanceBtc = new("binance", "BTC-USDT", "BTC", "USDT", "BTCUSDT", "TRADING", true);

    [Fact]
    public async Task A_429_pauses_the_venue_for_its_retry_after_before_the_next_request()
    {
        using var okx = venues.Client("okx");
        venues.Server.RetryAfterSeconds = 1;
        venues.Server.Set("okx", FakeVenueFault.TooManyRequestsOnce);

        var throttled = await Assert.ThrowsAsync<ExchangeHttpException>(() => okx.Client.GetBookAsync(OkxBtc, 10, Cancel)).Within(Timeouts.Request, "the 429");
        var book = await okx.Client.GetBookAsync(OkxBtc, 10, Cancel).Within(Timeouts.Request, "the book after the pause");

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.Status);
        Assert.Single(book.Book.Bids);
        var requests = venues.Server.RequestsFor("okx").TakeLast(2).ToList();
        Assert.Equal([429, 200], requests.Select(r => r.Status));
        Assert.True(requests[1].At - requests[0].At >= TimeSpan.FromSeconds(0.95), $"second request came {requests[1].At - requests[0].At} after the 429");
        Assert.Equal(1, okx.Gate.State.Throttled);
    }

    [Fact]
    public async Task A_418_ban_fails_that_venue_fast_while_another_venue_in_parallel_completes()
    {
        using var binance = venues.Client("binance");
        using var coinbase = venues.Client("coinbase");
        venues.Server.Set("binance", FakeVenueFault.Banned);
        await Assert.ThrowsAsync<VenueBannedException>(() => binance.Client.GetBookAsync(BinanceBtc, 100, Cancel)).Within(Timeouts.Request, "the ban");
        var requestsWhenBanned = venues.Server.RequestsFor("binance").Count;

        var clock = Stopwatch.StartNew();
        var banned = Assert.ThrowsAsync<VenueBannedException>(() => binance.Client.GetInstrumentsAsync(Cancel));
        var other = coinbase.Client.GetInstrumentsAsync(Cancel);
        var error = await banned.Within(Timeouts.Request, "the banned venue");
        var elapsed = clock.Elapsed;
        var listed = await other.Within(Timeouts.Request, "the other venue");

        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"the banned call took {elapsed}");
        Assert.Equal(requestsWhenBanned, venues.Server.RequestsFor("binance").Count);
        Assert.InRange(error.Until - DateTimeOffset.UtcNow, TimeSpan.FromSeconds(100), TimeSpan.FromSeconds(121));
        Assert.True(binance.Gate.State.Banned);
        Assert.NotEmpty(listed);
        Assert.False(coinbase.Gate.State.Banned);
    }

    [Fact]
    public async Task Bybits_access_too_frequent_bans_it_for_the_backoff()
    {
        using var bybit = venues.Client("bybit");
        venues.Server.Set("bybit", FakeVenueFault.AccessTooFrequent);

        var error = await Assert.ThrowsAsync<VenueBannedException>(() => bybit.Client.GetInstrumentsAsync(Cancel)).Within(Timeouts.Request, "the ban");

        Assert.InRange(error.Until - DateTimeOffset.UtcNow, TimeSpan.FromMinutes(9.9), TimeSpan.FromMinutes(10));
        await Assert.ThrowsAsync<VenueBannedException>(() => bybit.Client.GetInstrumentsAsync(Cancel)).Within(Timeouts.Request, "the ban again");
        Assert.Single(venues.Server.RequestsFor("bybit"), r => r.Status == 403);
    }

    [Fact]
    public async Task One_venue_down_or_unreachable_does_not_affect_the_others()
    {
        using var coinbase = venues.Client("coinbase");
        using var kraken = venues.Client("kraken", o => o.BaseUrl = FakeVenues.RefusedUrl());
        using var okx = venues.Client("okx");
        venues.Server.Set("coinbase", FakeVenueFault.Down);

        var down = Assert.ThrowsAsync<ExchangeHttpException>(() => coinbase.Client.GetInstrumentsAsync(Cancel));
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => kraken.Client.GetInstrumentsAsync(Cancel));
        var healthy = okx.Client.GetInstrumentsAsync(Cancel);

        Assert.Equal(HttpStatusCode.InternalServerError, (await down.Within(Timeouts.Request, "the venue that is down")).Status);
        await refused.Within(Timeouts.Request, "the unreachable venue");
        Assert.NotEmpty(await healthy.Within(Timeouts.Request, "the healthy venue"));
        Assert.NotNull(kraken.Gate.State.LastError);
    }

    [Fact]
    public async Task A_slow_venue_times_out_on_its_own_while_another_answers_at_once()
    {
        using var kraken = venues.Client("kraken", o => o.RequestTimeout = TimeSpan.FromMilliseconds(500));
        using var bybit = venues.Client("bybit");
        venues.Server.Latency = TimeSpan.FromSeconds(5);
        venues.Server.Set("kraken", FakeVenueFault.Slow);

        var clock = Stopwatch.StartNew();
        var slow = Assert.ThrowsAsync<TimeoutException>(() => kraken.Client.GetInstrumentsAsync(Cancel));
        var fast = await bybit.Client.GetInstrumentsAsync(Cancel).Within(Timeouts.Request, "the fast venue");
        var fastAfter = clock.Elapsed;
        await slow.Within(Timeouts.Request, "the slow venue to time out");

        Assert.NotEmpty(fast);
        Assert.True(fastAfter < TimeSpan.FromSeconds(0.5), $"the fast venue took {fastAfter}");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(0.45), TimeSpan.FromSeconds(4));
    }

    [Fact]
    public async Task Requests_over_the_budget_wait_for_it_and_not_for_other_venues()
    {
        using var kraken = venues.Client("kraken", o => (o.Budget, o.BudgetWindow) = (1, TimeSpan.FromSeconds(1)));
        using var okx = venues.Client("okx");
        var instrument = new VenueInstrument("kraken", "BTC-USD", "BTC", "USD", "XXBTZUSD", "online", true);

        var clock = Stopwatch.StartNew();
        var three = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => kraken.Client.GetBookAsync(instrument, 5, Cancel)));
        await okx.Client.GetBookAsync(OkxBtc, 5, Cancel).Within(Timeouts.Request, "the other venue");
        var otherAfter = clock.Elapsed;
        await three.Within(Timeouts.Request, "three books at one a second");

        Assert.True(otherAfter < TimeSpan.FromSeconds(0.5), $"the other venue took {otherAfter}");
        Assert.InRange(clock.Elapsed, TimeSpan.FromSeconds(1.9), TimeSpan.FromSeconds(5));
    }
}
