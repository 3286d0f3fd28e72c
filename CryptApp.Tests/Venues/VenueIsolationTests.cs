using System.Diagnostics;
using System.Net;
using CryptApp.Core.Venues;

namespace CryptApp.Tests.Venues;

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

        var throttled = await Assert.ThrowsAsync<VenueHttpException>(() => okx.Client.GetBookAsync(OkxBtc, 10, Cancel)).Within(Timeouts.Request, "the 429");
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

        var banned = Assert.ThrowsAsync<VenueBannedException>(() => binance.Client.GetInstrumentsAsync(Cancel));
        var other = coinbase.Client.GetInstrumentsAsync(Cancel);
        // Fast means without asking the exchange and without waiting out the ban (two minutes, far past this wait).
        var error = await banned.Within(Timeouts.Request, "the banned venue");
        var listed = await other.Within(Timeouts.Request, "the other venue");

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

        var down = Assert.ThrowsAsync<VenueHttpException>(() => coinbase.Client.GetInstrumentsAsync(Cancel));
        var refused = Assert.ThrowsAsync<HttpRequestException>(() => kraken.Client.GetInstrumentsAsync(Cancel));
        var healthy = okx.Client.GetInstrumentsAsync(Cancel);

        Assert.Equal(HttpStatusCode.InternalServerError, (await down.Within(Timeouts.Request, "the venue that is down")).Status);
        await refused.Within(Timeouts.Request, "the unreachable venue");
        Assert.NotEmpty(await healthy.Within(Timeouts.Request, "the healthy venue"));
        Assert.NotNull(kraken.Gate.State.LastError);
    }

    [Fact]
    public async Task A_slow_venue_times_out_on_its_own_while_another_answers_before_it()
    {
        using var kraken = venues.Client("kraken", o => o.RequestTimeout = TimeSpan.FromSeconds(3));
        using var bybit = venues.Client("bybit");
        venues.Server.Latency = TimeSpan.FromSeconds(10);
        venues.Server.Set("kraken", FakeVenueFault.Slow);

        var clock = Stopwatch.StartNew();
        var slow = Assert.ThrowsAsync<TimeoutException>(() => kraken.Client.GetInstrumentsAsync(Cancel));
        var fast = await bybit.Client.GetInstrumentsAsync(Cancel).Within(Timeouts.Request, "the fast venue");
        // Order, not a stopwatch, shows the fast venue did not wait: the slow one cannot end before its 3 s timeout.
        var slowStillPending = !slow.IsCompleted;
        await slow.Within(Timeouts.Request, "the slow venue to time out");

        Assert.NotEmpty(fast);
        Assert.True(slowStillPending, "the fast venue answered only after the slow venue had timed out");
        // A lower bound only: the timeout fired no sooner than set, and the TimeoutException shows the 10 s answer never came.
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(2.95), $"the slow venue timed out after {clock.Elapsed}");
    }

    [Fact]
    public async Task Requests_over_the_budget_wait_for_it_and_not_for_other_venues()
    {
        using var kraken = venues.Client("kraken", o => (o.Budget, o.BudgetWindow) = (1, TimeSpan.FromSeconds(2)));
        using var okx = venues.Client("okx");
        var instrument = new VenueInstrument("kraken", "BTC-USD", "BTC", "USD", "XXBTZUSD", "online", true);

        var clock = Stopwatch.StartNew();
        var three = Task.WhenAll(Enumerable.Range(0, 3).Select(_ => kraken.Client.GetBookAsync(instrument, 5, Cancel)));
        await okx.Client.GetBookAsync(OkxBtc, 5, Cancel).Within(Timeouts.Request, "the other venue");
        // Order, not a stopwatch: the third book cannot go out before two windows (4 s) have passed.
        var budgetStillWaiting = !three.IsCompleted;
        await three.Within(Timeouts.Request, "three books at one per 2 s");

        Assert.True(budgetStillWaiting, "the other venue answered only after the budgeted venue's three books");
        Assert.True(clock.Elapsed >= TimeSpan.FromSeconds(3.9), $"three books at one per 2 s took only {clock.Elapsed}");
        var sent = venues.Server.RequestsFor("kraken").TakeLast(3).Select(r => r.At).ToList();
        Assert.True(sent[2] - sent[0] >= TimeSpan.FromSeconds(3.9), $"the fake exchange saw the three books {sent[2] - sent[0]} apart");
    }
}
