using System.Net;
using System.Text.Json.Nodes;
using CryptApp.Api.Extensions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CryptApp.Tests.Api;

/// <summary>The Api's limits, in process over a real Redis: rate limiting, compression, CORS off by default.</summary>
public sealed class ApiLimitsTests(RedisServer redis) : IClassFixture<RedisServer>
{
    private WebApplicationFactory<ApiOptions> Api(int permitLimit) => InProcessApi.Create(
        redis.Endpoint,
        ("Api:RateLimit:PermitLimit", permitLimit.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        ("Api:RateLimit:Window", "00:01:00"));

    [Fact]
    public async Task A_client_over_its_limit_gets_429_with_retry_after_as_a_problem()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = Api(permitLimit: 3);
        using var client = api.CreateClient();

        for (var i = 0; i < 3; i++)
        {
            using var allowed = await client.GetAsync("/api/v1/markets", ct).Within(Timeouts.Request, "a request");
            Assert.Equal(HttpStatusCode.OK, allowed.StatusCode);
        }

        using var refused = await client.GetAsync("/api/v1/markets", ct).Within(Timeouts.Request, "a request");
        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(refused.Headers.RetryAfter?.Delta > TimeSpan.Zero, "429 must say when to retry");
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(429, (int)JsonNode.Parse(await refused.Content.ReadAsStringAsync(ct))!["status"]!);

        using var probe = await client.GetAsync("/health", ct).Within(Timeouts.Request, "a probe");
        Assert.NotEqual(HttpStatusCode.TooManyRequests, probe.StatusCode);
    }

    [Theory]
    [InlineData("10.0.0.0/8", 3)]
    [InlineData("127.0.0.0/8", 6)]
    public async Task A_forwarded_client_address_counts_only_from_a_known_proxy(string knownNetwork, int allowed)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = Api(permitLimit: 3).WithWebHostBuilder(web => web.UseSetting("Api:ForwardedHeaders:KnownNetworks:0", knownNetwork));
        // Real Kestrel: the peer is 127.0.0.1, a known proxy only in the second case.
        api.OnKestrel();
        using var client = api.CreateClient();

        var answers = new List<HttpStatusCode>();
        foreach (var address in new[] { "203.0.113.7", "198.51.100.9" })
        {
            for (var i = 0; i < 3; i++)
            {
                using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/markets");
                request.Headers.Add("X-Forwarded-For", address);
                using var response = await client.SendAsync(request, ct).Within(Timeouts.Request, "a request");
                answers.Add(response.StatusCode);
            }
        }

        // Trusted: two clients, each within its limit. Not trusted: one client (the peer), over its limit.
        Assert.Equal(allowed, answers.Count(a => a == HttpStatusCode.OK));
        Assert.Equal(6 - allowed, answers.Count(a => a == HttpStatusCode.TooManyRequests));
    }

    [Fact]
    public async Task Answers_are_compressed_and_cors_is_off_by_default()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = Api(permitLimit: 0);
        using var client = api.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/openapi/v1.json");
        request.Headers.AcceptEncoding.ParseAdd("gzip");
        request.Headers.Add("Origin", "https://evil.example");

        using var response = await client.SendAsync(request, ct).Within(Timeouts.Request, "the OpenAPI document");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("gzip", response.Content.Headers.ContentEncoding);
        Assert.False(response.Headers.Contains("Access-Control-Allow-Origin"));
    }
}
