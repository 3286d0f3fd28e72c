using System.Net;
using CryptApp.Api.Extensions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>The Api in this process over a real Redis, as the tests start it.</summary>
public static class InProcessApi
{
    private static readonly Lock Starting = new();

    /// <summary>The Api on <paramref name="redisEndpoint"/>, rate limiting off unless <paramref name="settings"/> set it.</summary>
    public static WebApplicationFactory<ApiOptions> Create(string redisEndpoint, params (string Key, string Value)[] settings) =>
        new WebApplicationFactory<ApiOptions>().WithWebHostBuilder(web =>
        {
            web.UseSetting("ConnectionStrings:cache", redisEndpoint);
            web.UseSetting("Api:RateLimit:PermitLimit", "0");
            foreach (var (key, value) in settings)
            {
                web.UseSetting(key, value);
            }
        });

    /// <summary>
    /// Started on real Kestrel at 127.0.0.1: bytes the in-memory test server would refuse client-side reach the Api,
    /// and the peer is a real address.
    /// </summary>
    public static WebApplicationFactory<ApiOptions> OnKestrel(
        this WebApplicationFactory<ApiOptions> api, Action<Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerOptions>? configure = null)
    {
        api.UseKestrel(kestrel =>
        {
            kestrel.Listen(IPAddress.Loopback, 0);
            configure?.Invoke(kestrel);
        });
        // One start at a time: DataAnnotations' RangeAttribute converts its bounds on first use without a lock, and two
        // hosts of this process validating the same options at once can see a half-converted bound.
        lock (Starting)
        {
            api.StartServer();
        }

        return api;
    }

    /// <summary>A client of <paramref name="api"/> whose every request is bounded by <see cref="Timeouts.Request"/>.</summary>
    public static HttpClient CreateBoundedClient(this WebApplicationFactory<ApiOptions> api)
    {
        var client = api.CreateClient();
        client.Timeout = Timeouts.Request;
        return client;
    }
}
