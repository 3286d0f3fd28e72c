using System.Net;
using System.Text;
using CryptApp.Core.Venues;
using Microsoft.Extensions.Time.Testing;

namespace CryptApp.UnitTests.Venues;

/// <summary>The handler and a client over an in-memory answer: no socket is opened.</summary>
public sealed class VenueGateHandlerTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(5);

    private sealed class Canned(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public int Requests;

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref Requests);
            return answer(request, cancellationToken);
        }
    }

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, string mediaType = "application/json", (string, string)? header = null)
    {
        var response = new HttpResponseMessage(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };
        if (header is var (name, value))
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    private static (IVenueClient Client, VenueRateGate Gate) Client(string venue, Canned canned, Action<VenueOptions>? configure = null)
    {
        var options = VenueCatalog.Get(venue).DefaultOptions();
        configure?.Invoke(options);
        var gate = new VenueRateGate(venue, options, new FakeTimeProvider(DateTimeOffset.UnixEpoch.AddYears(56)));
        return (VenueCatalog.Get(venue).CreateStandalone(options, gate, canned).Client, gate);
    }

    private static readonly VenueInstrument BtcUsdt = new("binance", "BTC-USDT", "BTC", "USDT", "BTCUSDT", "TRADING", true);

    [Fact]
    public async Task A_418_fails_with_the_ban_and_later_calls_fail_without_a_request()
    {
        var canned = new Canned((_, _) => Task.FromResult(Answer((HttpStatusCode)418, """{"code":-1003,"msg":"banned"}""", header: ("Retry-After", "120"))));
        var (client, gate) = Client("binance", canned);

        await Assert.ThrowsAsync<VenueBannedException>(() => client.GetBookAsync(BtcUsdt, 100, TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);
        await Assert.ThrowsAsync<VenueBannedException>(() => client.GetBookAsync(BtcUsdt, 100, TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(1, canned.Requests);
        Assert.Contains("418", gate.State.LastError);
    }

    [Fact]
    public async Task Krakens_rate_limit_error_in_a_200_fails_the_request_and_pauses_the_gate()
    {
        var canned = new Canned((_, _) => Task.FromResult(Answer(HttpStatusCode.OK, """{"error":["EAPI:Rate limit exceeded"]}""")));
        var (client, gate) = Client("kraken", canned);

        var error = await Assert.ThrowsAsync<VenueDataException>(() => client.GetInstrumentsAsync(TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Contains("EAPI:Rate limit exceeded", error.Message);
        Assert.NotNull(gate.State.PausedUntil);
        Assert.Equal(1, gate.State.Throttled);
    }

    [Fact]
    public async Task Binance_requests_take_their_weight_from_the_budget()
    {
        var canned = new Canned((_, _) => Task.FromResult(Answer(HttpStatusCode.OK, """{"lastUpdateId":1,"bids":[],"asks":[]}""")));
        var (client, gate) = Client("binance", canned);

        await client.GetBookAsync(BtcUsdt, 1000, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(6000 - 50, gate.State.Available, precision: 6);
    }

    [Fact]
    public async Task Depth_is_clamped_to_what_the_venue_serves()
    {
        string? asked = null;
        var canned = new Canned((request, _) =>
        {
            asked = request.RequestUri!.PathAndQuery;
            return Task.FromResult(Answer(HttpStatusCode.OK, """{"lastUpdateId":1,"bids":[],"asks":[]}"""));
        });

        await Client("binance", canned).Client.GetBookAsync(BtcUsdt, 100_000, TestContext.Current.CancellationToken).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal("/api/v3/depth?symbol=BTCUSDT&limit=5000", asked);
    }

    [Fact]
    public async Task An_html_page_with_200_is_a_data_error()
    {
        var canned = new Canned((_, _) => Task.FromResult(Answer(HttpStatusCode.OK, "<html>502</html>", "text/html")));

        var error = await Assert.ThrowsAsync<VenueDataException>(() => Client("okx", canned).Client.GetInstrumentsAsync(TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Contains("text/html", error.Message);
    }

    [Fact]
    public async Task A_body_over_the_limit_is_a_data_error()
    {
        var canned = new Canned((_, _) => Task.FromResult(Answer(HttpStatusCode.OK, "[" + new string(' ', 4096) + "]")));

        var error = await Assert.ThrowsAsync<VenueDataException>(
            () => Client("coinbase", canned, o => o.MaxBodyBytes = 1024).Client.GetInstrumentsAsync(TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Contains("1024 byte limit", error.Message);
    }

    [Fact]
    public async Task An_answer_slower_than_the_request_timeout_is_a_timeout()
    {
        var canned = new Canned(async (_, ct) =>
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, ct);
            return Answer(HttpStatusCode.OK, "[]");
        });

        var (client, gate) = Client("coinbase", canned, o => o.RequestTimeout = TimeSpan.FromMilliseconds(50));
        await Assert.ThrowsAsync<TimeoutException>(() => client.GetInstrumentsAsync(TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Contains("timed out: no answer to /products", gate.State.LastError);
    }

    [Fact]
    public async Task An_error_status_is_an_http_error_with_the_venues_words()
    {
        var canned = new Canned((_, _) => Task.FromResult(Answer(HttpStatusCode.BadRequest, """{"code":-1121,"msg":"Invalid symbol."}""")));

        var error = await Assert.ThrowsAsync<VenueHttpException>(() => Client("binance", canned).Client.GetBookAsync(BtcUsdt, 5, TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.BadRequest, error.Status);
        Assert.Contains("Invalid symbol.", error.Message);
    }

    [Fact]
    public async Task A_book_of_another_venues_instrument_is_refused()
    {
        var canned = new Canned((_, _) => throw new InvalidOperationException("no request expected"));

        await Assert.ThrowsAsync<ArgumentException>(() => Client("okx", canned).Client.GetBookAsync(BtcUsdt, 5, TestContext.Current.CancellationToken)).WaitAsync(Bound, TestContext.Current.CancellationToken);
    }
}
