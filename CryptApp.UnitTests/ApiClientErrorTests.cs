using System.Net;
using System.Text;
using CryptApp.Admin.Services;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace CryptApp.UnitTests;

/// <summary>
/// Whatever goes wrong between the Admin and the Api reaches a page as an <see cref="ApiException"/> with a
/// readable message, never as an exception that ends the Blazor circuit.
/// </summary>
public sealed class ApiClientErrorTests
{
    public static TheoryData<string, string> Failures => new()
    {
        { "timeout-rejected", "did not answer in time" },
        { "http-timeout", "did not answer in time" },
        { "broken-circuit", "circuit open" },
        { "connection-refused", "could not be reached" },
        { "not-json", "could not be read" },
        { "null-items", "could not be read" },
        { "missing-items", "could not be read" },
        { "null-body", "empty body" },
        { "html-502", "The Api answered 502" },
        { "odd-problem", "Bad input — page: 1, 2" },
        { "untitled-problem", "The Api answered 400" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public async Task A_failed_call_becomes_a_readable_api_exception(string failure, string message)
    {
        var client = Client(new Stub(_ => failure switch
        {
            "timeout-rejected" => throw new TimeoutRejectedException(),
            "http-timeout" => throw new TaskCanceledException("timeout", new TimeoutException()),
            "broken-circuit" => throw new BrokenCircuitException(),
            "connection-refused" => throw new HttpRequestException("Connection refused (api:443)"),
            "not-json" => Answer(HttpStatusCode.OK, "<html>hello</html>", "text/html"),
            "null-items" => Answer(HttpStatusCode.OK, """{"items":null,"page":1,"pageSize":1,"total":0}"""),
            "missing-items" => Answer(HttpStatusCode.OK, """{"page":1,"pageSize":1,"total":0}"""),
            "null-body" => Answer(HttpStatusCode.OK, "null"),
            "html-502" => Answer(HttpStatusCode.BadGateway, "<html>Bad Gateway</html>", "text/html"),
            "odd-problem" => Answer(HttpStatusCode.BadRequest, """{"title":"Bad input","errors":{"page":[1,2],"size":null}}""", "application/problem+json"),
            _ => Answer(HttpStatusCode.BadRequest, "{}", "application/problem+json"),
        }));

        var error = await Assert.ThrowsAsync<ApiException>(() => client.GetMarketsAsync(new MarketFilter(null), "symbol", false, 1, 1, TestContext.Current.CancellationToken));

        Assert.Contains(message, error.Message);
    }

    [Fact]
    public async Task The_callers_own_cancellation_stays_a_cancellation()
    {
        using var leaving = new CancellationTokenSource();
        Func<CancellationToken, HttpResponseMessage> leave = _ =>
        {
            leaving.Cancel();
            throw new TaskCanceledException();
        };
        var client = Client(new Stub(leave));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => client.GetJobsAsync(leaving.Token));
    }

    [Fact]
    public async Task The_standard_resilience_handlers_timeout_and_open_circuit_read_as_messages()
    {
        var ct = TestContext.Current.CancellationToken;
        var hang = true;
        var services = new ServiceCollection();
        services.AddSingleton(Options.Create(new AdminOptions()));
        services.AddHttpClient<CryptAppApiClient>(c => c.BaseAddress = new Uri("http://api.test/"))
            .ConfigurePrimaryHttpMessageHandler(() => new Stub(async request =>
            {
                if (hang)
                {
                    await Task.Delay(Timeout.Infinite, request);
                }

                return Answer(HttpStatusCode.ServiceUnavailable, "");
            }))
            .AddStandardResilienceHandler(resilience =>
            {
                resilience.AttemptTimeout.Timeout = TimeSpan.FromMilliseconds(100);
                resilience.TotalRequestTimeout.Timeout = TimeSpan.FromMilliseconds(300);
                resilience.Retry.MaxRetryAttempts = 1;
                resilience.Retry.Delay = TimeSpan.Zero;
                resilience.CircuitBreaker.MinimumThroughput = 2;
                resilience.CircuitBreaker.FailureRatio = 0.5;
                resilience.CircuitBreaker.SamplingDuration = TimeSpan.FromSeconds(30);
            });
        await using var provider = services.BuildServiceProvider();
        var client = provider.GetRequiredService<CryptAppApiClient>();

        var slow = await Assert.ThrowsAsync<ApiException>(() => client.GetJobsAsync(ct));
        Assert.Contains("did not answer in time", slow.Message);

        hang = false;
        var open = await Assert.ThrowsAsync<ApiException>(() => client.GetJobsAsync(ct));
        Assert.Contains("circuit open", open.Message);
    }

    private static CryptAppApiClient Client(HttpMessageHandler handler) =>
        new(new HttpClient(handler) { BaseAddress = new Uri("http://api.test/") }, Options.Create(new AdminOptions()));

    private static HttpResponseMessage Answer(HttpStatusCode status, string body, string mediaType = "application/json") =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, mediaType) };

    private sealed class Stub(Func<CancellationToken, Task<HttpResponseMessage>> answer) : HttpMessageHandler
    {
        public Stub(Func<CancellationToken, HttpResponseMessage> answer)
            : this(ct => Task.FromResult(answer(ct)))
        {
        }

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answer(cancellationToken);
    }
}
