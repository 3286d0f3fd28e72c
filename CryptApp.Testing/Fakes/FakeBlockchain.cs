using System.Collections.Concurrent;
using System.Text.Json.Nodes;
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
/// A Blockchain.com Exchange v3 look-alike served by Kestrel on 127.0.0.1, from recorded fixtures and
/// generated books, whose markets can be switched to failing answers while a test runs.
/// </summary>
public sealed class FakeBlockchain : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _symbolsRequests;
    private readonly ConcurrentDictionary<string, ConcurrentQueue<(DateTimeOffset At, int Status)>> _requests = new();

    private FakeBlockchain(WebApplication app, IDictionary<string, FakeMarket> markets)
    {
        _app = app;
        Markets = new ConcurrentDictionary<string, FakeMarket>(markets);
    }

    public ConcurrentDictionary<string, FakeMarket> Markets { get; }

    public Uri BaseUrl { get; private set; } = null!;

    public int SymbolsRequests => Volatile.Read(ref _symbolsRequests);

    public IEnumerable<string> OpenSymbols => Markets.Where(m => m.Value.Status == "open").Select(m => m.Key);

    public static async Task<FakeBlockchain> StartAsync(IDictionary<string, FakeMarket> markets, CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var exchange = new FakeBlockchain(app, markets);

        var api = app.MapGroup("/v3/exchange");
        api.MapGet("/symbols", (Delegate)((HttpContext context) => exchange.Symbols(context.RequestAborted)));
        api.MapGet("/l3/{symbol}", exchange.OrderBook);

        await app.StartAsync(cancellationToken);
        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        exchange.BaseUrl = new Uri($"{address}/v3/exchange");
        return exchange;
    }

    public TimeSpan Latency { get; set; } = TimeSpan.FromMilliseconds(300);

    public FakeSymbols SymbolsAnswer { get; set; } = FakeSymbols.Listing;

    /// <summary>When each <c>/l3/{symbol}</c> request came and the status it got.</summary>
    public IReadOnlyList<(DateTimeOffset At, int Status)> RequestsFor(string symbol) =>
        _requests.TryGetValue(symbol, out var log) ? log.ToList() : [];

    public void Set(string symbol, FakeBehavior behavior) => Markets[symbol] = Markets[symbol] with { Behavior = behavior };

    /// <summary>Runs <paramref name="body"/> while <paramref name="symbol"/> answers with <paramref name="fault"/>, then heals it.</summary>
    public async Task WithFaultAsync(string symbol, FakeBehavior fault, Func<Task> body)
    {
        Set(symbol, fault);
        try
        {
            await body();
        }
        finally
        {
            Set(symbol, FakeBehavior.Book);
        }
    }

    /// <summary>
    /// Waits until <paramref name="runs"/> more runs have started; runs never overlap, so all but the
    /// last of them have finished by then.
    /// </summary>
    public Task WaitForRunsToStartAsync(int runs, TimeSpan timeout)
    {
        var target = SymbolsRequests + runs;
        return Eventually.That(
            () => SymbolsRequests >= target,
            timeout,
            () => $"the worker to start {runs} more runs; it started {SymbolsRequests - target + runs}",
            poll: TimeSpan.FromMilliseconds(50));
    }

    private async Task<IResult> Symbols(CancellationToken aborted)
    {
        Interlocked.Increment(ref _symbolsRequests);
        switch (SymbolsAnswer)
        {
            case FakeSymbols.ServerError:
                return Results.Text("""{"status":500,"error":"Internal Server Error","path":"/symbols"}""", "application/json", statusCode: 500);
            case FakeSymbols.Timeout:
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, aborted);
                break;
            case FakeSymbols.Empty:
                return Results.Text("{}", "application/json");
        }

        var body = new JsonObject();
        var listed = Markets.OrderBy(m => m.Key, StringComparer.Ordinal).Where((_, i) => SymbolsAnswer != FakeSymbols.AThird || i % 3 == 0);
        foreach (var (symbol, market) in listed)
        {
            var (baseCurrency, counter) = symbol.Split('-') is [var b, var c] ? (b, c) : (symbol, "USD");
            body[symbol] = new JsonObject
            {
                ["base_currency"] = baseCurrency,
                ["base_currency_scale"] = 8,
                ["counter_currency"] = counter,
                ["counter_currency_scale"] = 2,
                ["min_price_increment"] = 10,
                ["min_price_increment_scale"] = 2,
                ["status"] = SymbolsAnswer == FakeSymbols.AllHalted ? "halt" : market.Status,
                ["id"] = Math.Abs(symbol.GetHashCode() % 1000),
                ["auction_time"] = "",
            };
        }

        return Results.Text(body.ToJsonString(), "application/json");
    }

    private async Task<IResult> OrderBook(string symbol, HttpContext context)
    {
        var result = await Answer(symbol, context.RequestAborted);
        var status = result is IStatusCodeHttpResult { StatusCode: { } code } ? code : 200;
        _requests.GetOrAdd(symbol, _ => new()).Enqueue((DateTimeOffset.UtcNow, status));
        return result;
    }

    private async Task<IResult> Answer(string symbol, CancellationToken aborted)
    {
        if (!Markets.TryGetValue(symbol, out var market))
        {
            return Results.Text($$"""{"status":404,"error":"Not Found","path":"/l3/{{symbol}}"}""", "application/json", statusCode: 404);
        }

        switch (market.Behavior)
        {
            case FakeBehavior.Latency:
                await Task.Delay(Latency, aborted);
                break;
            case FakeBehavior.Timeout:
                await Task.Delay(System.Threading.Timeout.InfiniteTimeSpan, aborted);
                break;
            case FakeBehavior.TooManyRequests:
            case FakeBehavior.TooManyRequestsOnce when RequestsFor(symbol).LastOrDefault().Status != 429:
                return new TooManyRequestsResult(symbol);
            case FakeBehavior.TruncatedJson:
                var json = market.Book.ToJson(symbol);
                return Results.Text(json[..(json.Length / 2)], "application/json");
        }

        return market.Behavior switch
        {
            FakeBehavior.ServerError => Results.Text(
                $$"""{"status":500,"error":"Internal Server Error","path":"/l3/{{symbol}}"}""", "application/json", statusCode: 500),
            FakeBehavior.HtmlPage => Results.Text(
                "<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad gateway</h1><p>cloudflare</p></body></html>",
                "text/html"),
            _ => Results.Text(market.Book.ToJson(symbol), "application/json"),
        };
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
