using System.Net;
using System.Net.Http.Headers;
using CryptApp.Core.Venues;
using Microsoft.Extensions.Time.Testing;

namespace CryptApp.UnitTests.Venues;

public sealed class VenueRateGateTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero));

    private VenueRateGate Gate(double budget = 2, double windowSeconds = 1, string venue = "kraken") =>
        new(venue, new VenueOptions { Budget = budget, BudgetWindow = TimeSpan.FromSeconds(windowSeconds) }, _time);

    private static HttpResponseHeaders Headers(params (string Name, string Value)[] values)
    {
        var headers = new HttpResponseMessage().Headers;
        foreach (var (name, value) in values)
        {
            headers.TryAddWithoutValidation(name, value);
        }

        return headers;
    }

    [Fact]
    public async Task Spends_the_budget_then_waits_until_the_first_request_leaves_the_window()
    {
        // A bucket that starts full and refills evenly would let the third go at 500 ms: three in one window of two.
        var gate = Gate(budget: 2);
        await gate.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        await gate.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        var third = gate.AcquireAsync(1, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromMilliseconds(999));
        Assert.False(third.IsCompleted);

        _time.Advance(TimeSpan.FromMilliseconds(1));
        await third.WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(3, gate.State.Requests);
    }

    [Fact]
    public async Task A_ban_or_pause_another_replica_saved_is_taken_on_and_a_past_one_is_not()
    {
        var banned = Gate(budget: 100);
        banned.Adopt(null, _time.GetUtcNow().AddMinutes(2));

        var refused = await Assert.ThrowsAsync<VenueBannedException>(() => banned.AcquireAsync(1, TestContext.Current.CancellationToken));
        Assert.Equal(_time.GetUtcNow().AddMinutes(2), refused.Until);
        _time.Advance(TimeSpan.FromMinutes(2));
        await banned.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        var paused = Gate(budget: 100);
        paused.Adopt(_time.GetUtcNow().AddSeconds(3), _time.GetUtcNow().AddSeconds(-1));
        Assert.Null(paused.State.BannedUntil);
        var next = paused.AcquireAsync(1, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(next.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.1));
        await next.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_429_pauses_the_venue_for_its_retry_after()
    {
        var gate = Gate(budget: 100);
        Assert.Null(gate.Observe(HttpStatusCode.TooManyRequests, Headers(("Retry-After", "3")), "{}"));
        Assert.Equal(_time.GetUtcNow().AddSeconds(3), gate.State.PausedUntil);

        var next = gate.AcquireAsync(1, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await next.WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(1, gate.State.Throttled);
        Assert.Contains("429", gate.State.LastError);
    }

    [Theory]
    [InlineData("""{"error":["EAPI:Rate limit exceeded"],"result":{}}""", "EAPI:Rate limit exceeded")]
    [InlineData("""{"error":["EGeneral:Too many requests"]}""", "EGeneral:Too many requests")]
    public async Task Krakens_rate_limit_error_inside_a_200_pauses_the_venue(string body, string error)
    {
        var gate = Gate(budget: 100);
        Assert.Null(gate.Observe(HttpStatusCode.OK, Headers(), body));
        Assert.Equal(_time.GetUtcNow().AddSeconds(5), gate.State.PausedUntil);

        var next = gate.AcquireAsync(1, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(4.9));
        Assert.False(next.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await next.WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal(1, gate.State.Throttled);
        Assert.Contains(error, gate.State.LastError);
    }

    [Theory]
    [InlineData("kraken", """{"error":["EQuery:Unknown asset pair"]}""")]
    [InlineData("kraken", """{"error":[],"result":{"XXBTZUSD":{"asks":[],"bids":[]}}}""")]
    [InlineData("okx", """{"error":["EAPI:Rate limit exceeded"]}""")]
    public void Another_200_or_another_venues_200_does_not_pause(string venue, string body)
    {
        var gate = Gate(venue: venue);

        Assert.Null(gate.Observe(HttpStatusCode.OK, Headers(), body));

        Assert.Null(gate.State.PausedUntil);
        Assert.Equal(0, gate.State.Throttled);
    }

    [Fact]
    public async Task A_418_bans_until_its_retry_after_and_calls_fail_at_once_meanwhile()
    {
        var gate = Gate(venue: "binance");
        var ban = gate.Observe((HttpStatusCode)418, Headers(("Retry-After", "120")), """{"code":-1003,"msg":"IP banned until 1."}""");

        Assert.NotNull(ban);
        Assert.Equal(_time.GetUtcNow().AddSeconds(120), ban.Until);
        var error = await Assert.ThrowsAsync<VenueBannedException>(() => gate.AcquireAsync(1, TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.Equal("binance", error.Venue);
        Assert.True(gate.State.Banned);

        _time.Advance(TimeSpan.FromSeconds(120));
        await gate.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.False(gate.State.Banned);
    }

    [Fact]
    public void A_418_without_retry_after_takes_the_end_from_binances_body()
    {
        var gate = Gate(venue: "binance");
        var until = _time.GetUtcNow().AddMinutes(7);

        var ban = gate.Observe((HttpStatusCode)418, Headers(), $$"""{"code":-1003,"msg":"Way too much request weight used; IP banned until {{until.ToUnixTimeMilliseconds()}}."}""");

        Assert.Equal(until, ban?.Until);
    }

    [Fact]
    public void Bybits_403_access_too_frequent_bans_for_the_backoff_but_another_403_does_not()
    {
        var gate = Gate(venue: "bybit");

        Assert.Null(gate.Observe(HttpStatusCode.Forbidden, Headers(), "Forbidden"));
        Assert.False(gate.State.Banned);

        var ban = gate.Observe(HttpStatusCode.Forbidden, Headers(), "403 Forbidden: access too frequent");
        Assert.Equal(_time.GetUtcNow().AddMinutes(10), ban?.Until);
        Assert.Equal(ban?.Until, gate.State.BannedUntil);
    }

    [Theory]
    [InlineData("999999999")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT")]
    public void A_429_asking_for_years_pauses_the_venue_a_day_at_most(string retryAfter)
    {
        var gate = Gate(budget: 100);

        Assert.Null(gate.Observe(HttpStatusCode.TooManyRequests, Headers(("Retry-After", retryAfter)), "{}"));

        Assert.Equal(_time.GetUtcNow() + VenueRateGate.MaxHold, gate.State.PausedUntil);
    }

    [Theory]
    [InlineData("999999999", "")]
    [InlineData("Fri, 31 Dec 9999 23:59:59 GMT", "")]
    [InlineData(null, "IP banned until 99999999999999.")]
    [InlineData(null, "IP banned until 999999999999999.")]
    public void A_ban_asking_for_years_holds_a_day_at_most(string? retryAfter, string message)
    {
        var gate = Gate(venue: "binance");

        var ban = gate.Observe((HttpStatusCode)418, retryAfter is null ? Headers() : Headers(("Retry-After", retryAfter)), $$"""{"code":-1003,"msg":"{{message}}"}""");

        Assert.Equal(_time.GetUtcNow() + VenueRateGate.MaxHold, ban?.Until);
        Assert.Equal(ban?.Until, gate.State.BannedUntil);
    }

    [Theory]
    [InlineData("0", "")]
    [InlineData("Thu, 01 Jan 2026 00:00:00 GMT", "")]
    [InlineData(null, "IP banned until 1000000000000.")]
    public async Task A_ban_whose_end_is_now_or_past_is_no_error_and_holds_nothing_back(string? retryAfter, string message)
    {
        var gate = Gate(venue: "binance");

        var ban = gate.Observe((HttpStatusCode)418, retryAfter is null ? Headers() : Headers(("Retry-After", retryAfter)), $$"""{"code":-1003,"msg":"{{message}}"}""");

        Assert.Null(ban);
        Assert.False(gate.State.Banned);
        Assert.Contains("418", gate.State.LastError);
        await gate.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task A_429_whose_retry_after_is_now_or_past_pauses_nothing()
    {
        var gate = Gate(budget: 100);

        Assert.Null(gate.Observe(HttpStatusCode.TooManyRequests, Headers(("Retry-After", "0")), "{}"));
        Assert.Null(gate.Observe(HttpStatusCode.TooManyRequests, Headers(("Retry-After", "Thu, 01 Jan 2026 00:00:00 GMT")), "{}"));

        Assert.Null(gate.State.PausedUntil);
        Assert.Equal(2, gate.State.Throttled);
        await gate.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public void A_saved_ban_or_pause_of_years_is_taken_on_for_a_day_at_most()
    {
        var gate = Gate(budget: 100);

        gate.Adopt(_time.GetUtcNow().AddYears(3), _time.GetUtcNow().AddYears(5));

        Assert.Equal(_time.GetUtcNow() + VenueRateGate.MaxHold, gate.State.PausedUntil);
        Assert.Equal(_time.GetUtcNow() + VenueRateGate.MaxHold, gate.State.BannedUntil);
    }

    [Fact]
    public async Task Binances_used_weight_header_narrows_the_budget_to_what_is_left()
    {
        var gate = Gate(budget: 6000, windowSeconds: 60, venue: "binance");
        gate.Observe(HttpStatusCode.OK, Headers(("X-MBX-USED-WEIGHT-1M", "5990")), null);

        Assert.Equal(5990, gate.State.VenueUsedWeight);
        Assert.Equal(10, gate.State.Available, precision: 6);
        await gate.AcquireAsync(5, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        // What the venue counted stays in the window for one window from when it said so.
        var heavy = gate.AcquireAsync(50, TestContext.Current.CancellationToken);
        _time.Advance(TimeSpan.FromSeconds(59.9));
        Assert.False(heavy.IsCompleted);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        await heavy.WaitAsync(Bound, TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task One_venues_ban_does_not_touch_another_venues_gate()
    {
        var binance = Gate(venue: "binance");
        var okx = Gate(venue: "okx");
        binance.Observe((HttpStatusCode)418, Headers(("Retry-After", "60")), "banned");

        await Assert.ThrowsAsync<VenueBannedException>(() => binance.AcquireAsync(1, TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);
        await okx.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        Assert.False(okx.State.Banned);
    }

    [Fact]
    public async Task A_waiting_call_gives_up_when_cancelled()
    {
        var gate = Gate(budget: 1);
        await gate.AcquireAsync(1, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);
        using var cancel = new CancellationTokenSource();

        var waiting = gate.AcquireAsync(1, cancel.Token);
        await cancel.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting).WaitAsync(Bound, TestContext.Current.CancellationToken);
    }
}
