using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Testing.Fakes;

/// <summary>
/// Binance, Coinbase, Kraken, OKX and Bybit look-alikes in one Kestrel app on 127.0.0.1, each under its
/// venue id (<c>/binance/api/v3/depth</c>), serving the recorded fixtures and generated books, each
/// switchable to a <see cref="FakeVenueFault"/> while a test runs.
/// </summary>
public sealed class FakeVenues : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Venues = ["binance", "coinbase", "kraken", "okx", "bybit"];

    /// <summary>Levels a side of the whole Coinbase book served for ETH-USD, about what a liquid live book has (BTC-USD's had 22,000).</summary>
    public const int FullCoinbaseBookLevels = 20_000;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<string, FakeVenueFault> _faults = new();
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(DateTimeOffset At, string Path, int Status)>> _requests = new();
    private string _address = "";

    private FakeVenues(WebApplication app) => _app = app;

    public TimeSpan Latency { get; set; } = TimeSpan.FromSeconds(5);

    public int RetryAfterSeconds { get; set; } = 1;

    public int BanSeconds { get; set; } = 120;

    public static async Task<FakeVenues> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var venues = new FakeVenues(app);
        app.Map("/{venue}/{**path}", (RequestDelegate)(context => venues.AnswerAsync(
            context.Request.RouteValues["venue"]?.ToString() ?? "", context.Request.RouteValues["path"]?.ToString() ?? "", context)));
        await app.StartAsync(cancellationToken);
        venues._address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        return venues;
    }

    /// <summary>The root to configure as the venue's <c>BaseUrl</c>.</summary>
    public Uri BaseUrl(string venue) => new($"{_address}/{venue}/");

    /// <summary>A root where nothing listens: connections are refused.</summary>
    public static Uri RefusedUrl() => new($"http://127.0.0.1:{FreePort.Next()}/");

    public void Set(string venue, FakeVenueFault fault) => _faults[venue] = fault;

    public FakeVenueFault FaultOf(string venue) => _faults.GetValueOrDefault(venue);

    /// <summary>Every request a venue got: when, its path and query, and the status it was answered.</summary>
    public IReadOnlyList<(DateTimeOffset At, string Path, int Status)> RequestsFor(string venue) =>
        _requests.TryGetValue(venue, out var log) ? log.ToList() : [];

    private async Task AnswerAsync(string venue, string path, HttpContext context)
    {
        var response = context.Response;
        var fault = FaultOf(venue);
        if (fault == FakeVenueFault.TooManyRequestsOnce)
        {
            _faults.TryUpdate(venue, FakeVenueFault.None, fault);
        }

        switch (fault)
        {
            case FakeVenueFault.Slow:
                await Task.Delay(Latency, context.RequestAborted);
                break;
            case FakeVenueFault.TooManyRequests or FakeVenueFault.TooManyRequestsOnce:
                response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
                await WriteAsync(venue, path, context, 429, "application/json", """{"code":-1003,"msg":"Too many requests."}""");
                return;
            case FakeVenueFault.Banned:
                response.Headers.RetryAfter = BanSeconds.ToString(CultureInfo.InvariantCulture);
                var until = DateTimeOffset.UtcNow.AddSeconds(BanSeconds).ToUnixTimeMilliseconds();
                await WriteAsync(venue, path, context, 418, "application/json",
                    $$"""{"code":-1003,"msg":"Way too much request weight used; IP banned until {{until}}. Please use WebSocket Streams for live updates to avoid bans."}""");
                return;
            case FakeVenueFault.AccessTooFrequent:
                await WriteAsync(venue, path, context, 403, "text/plain", "403 Forbidden: access too frequent");
                return;
            case FakeVenueFault.Down:
                await WriteAsync(venue, path, context, 500, "application/json", """{"error":"Internal Server Error"}""");
                return;
            case FakeVenueFault.RateLimitInBand:
                await WriteAsync(venue, path, context, 200, "application/json", """{"error":["EAPI:Rate limit exceeded"]}""");
                return;
            case FakeVenueFault.HtmlPage:
                await WriteAsync(venue, path, context, 200, "text/html",
                    "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad gateway</h1></body></html>");
                return;
            case FakeVenueFault.ErrorEnvelope:
                await WriteAsync(venue, path, context, FakeVenueBodies.ErrorEnvelopeStatus(venue), "application/json", FakeVenueBodies.ErrorEnvelope(venue));
                return;
        }

        var body = Route(venue, path, context.Request.Query);
        await (body is null
            ? WriteAsync(venue, path, context, 404, "application/json", """{"message":"no such route"}""")
            : WriteAsync(venue, path, context, 200, "application/json", body));
    }

    private static string? Route(string venue, string path, IQueryCollection query)
    {
        var depth = int.TryParse(query["limit"].FirstOrDefault() ?? query["count"].FirstOrDefault() ?? query["sz"].FirstOrDefault(), out var d) ? d : 100;
        return (venue, path) switch
        {
            ("binance", "api/v3/exchangeInfo") or ("coinbase", "products") or ("kraken", "0/public/AssetPairs")
                or ("okx", "api/v5/public/instruments") or ("bybit", "v5/market/instruments-info") => FakeVenueBodies.Instruments(venue),
            ("binance", "api/v3/depth") => FakeVenueBodies.Book(venue, query["symbol"].ToString(), depth),
            ("coinbase", _) when path.StartsWith("products/", StringComparison.Ordinal) && path.EndsWith("/book", StringComparison.Ordinal) =>
                FakeVenueBodies.Book(venue, path["products/".Length..^"/book".Length], 50),
            ("kraken", "0/public/Depth") => FakeVenueBodies.Book(venue, query["pair"].ToString(), depth),
            ("okx", "api/v5/market/books") => FakeVenueBodies.Book(venue, query["instId"].ToString(), depth),
            ("bybit", "v5/market/orderbook") => FakeVenueBodies.Book(venue, query["symbol"].ToString(), depth),
            _ => null,
        };
    }

    private async Task WriteAsync(string venue, string path, HttpContext context, int status, string contentType, string body)
    {
        _requests.GetOrAdd(venue, _ => new()).Enqueue((DateTimeOffset.UtcNow, path + context.Request.QueryString, status));
        context.Response.StatusCode = status;
        context.Response.ContentType = contentType;
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
