using System.Net;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CryptApp.Tests.Api;

/// <summary>
/// The Api behind an ingress that forwards every client (<see cref="ForwardingProxy"/>), configured as the AppHost
/// deploys it (<c>Api:ForwardedHeaders:TrustAllProxies</c>): each client has its own rate limit, and none can choose it.
/// </summary>
public sealed class ClientsBehindIngressTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Each_client_behind_the_ingress_has_its_own_rate_limit_and_cannot_write_its_way_out()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var api = Limited(("Api:ForwardedHeaders:TrustAllProxies", "true")).OnKestrel();
        await using var ingress = await ForwardingProxy.StartAsync(api.ClientOptions.BaseAddress);
        using var first = ingress.ClientFrom("127.0.0.2");
        using var second = ingress.ClientFrom("127.0.0.3");

        var answers = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++)
        {
            answers.Add(await StatusAsync(first, null, ct));
        }

        var over = await StatusAsync(first, null, ct);
        var spoofed = await StatusAsync(first, "198.51.100.7", ct);
        var other = await StatusAsync(second, null, ct);

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a));
        Assert.Equal(HttpStatusCode.TooManyRequests, over);
        Assert.Equal(HttpStatusCode.TooManyRequests, spoofed);
        Assert.Equal(HttpStatusCode.OK, other);
    }

    [Fact]
    public async Task The_addresses_of_one_ipv6_64_share_one_rate_limit()
    {
        var ct = TestContext.Current.CancellationToken;
        // Straight from loopback, the trusted proxy of a local run, naming IPv6 clients.
        await using var api = Limited().OnKestrel();
        using var client = api.CreateBoundedClient();

        var answers = new List<HttpStatusCode>();
        foreach (var address in new[] { "2001:db8::1", "2001:db8::2", "2001:db8::ffff:1", "2001:db8::9" })
        {
            answers.Add(await StatusAsync(client, address, ct));
        }

        var otherBlock = await StatusAsync(client, "2001:db8:0:1::1", ct);

        Assert.Equal([HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.OK, HttpStatusCode.TooManyRequests], answers);
        Assert.Equal(HttpStatusCode.OK, otherBlock);
    }

    [Fact]
    public async Task The_frameworks_own_forwarded_headers_switch_beside_ours_refuses_to_start()
    {
        // It would read the headers a second time, and that second reading believes the address the client wrote.
        await using var api = Limited(("FORWARDEDHEADERS_ENABLED", "true"), ("Api:ForwardedHeaders:TrustAllProxies", "true"));

        var refused = Assert.ThrowsAny<Exception>(() => api.OnKestrel());

        Assert.Contains("ASPNETCORE_FORWARDEDHEADERS_ENABLED", Flatten(refused));
    }

    private WebApplicationFactory<CryptApp.Api.Extensions.ApiOptions> Limited(params (string Key, string Value)[] settings) =>
        InProcessApi.Create(redis.Endpoint, [("Api:RateLimit:PermitLimit", "3"), ("Api:RateLimit:Window", "00:01:00"), .. settings]);

    private static async Task<HttpStatusCode> StatusAsync(HttpClient client, string? forwardedFor, CancellationToken ct)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/markets");
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        using var response = await client.SendAsync(request, ct);
        return response.StatusCode;
    }

    private static string Flatten(Exception error) => error.InnerException is null ? error.Message : $"{error.Message} {Flatten(error.InnerException)}";
}
