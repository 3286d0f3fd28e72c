using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>
/// The six venues' book streams in one Kestrel app on 127.0.0.1: a WebSocket per venue at <c>/{venue}/ws</c> speaking
/// its protocol (<see cref="FakeStreamProtocol"/>), over books that move only when a test pushes
/// (<see cref="PushAsync"/>), with faults switched on per symbol (<see cref="FakeStreamFault"/>). It also answers the
/// REST a stream needs: each venue's instrument list and Binance's depth snapshot, taken from the same books.
/// </summary>
public sealed class FakeStreams : IAsyncDisposable
{
    public static readonly IReadOnlyList<string> Venues = ["binance", "kraken", "okx", "bybit", "coinbase", "blockchain"];

    /// <summary>Kraken's fake pairs are written with one price decimal and eight size decimals, as its listing says.</summary>
    public const int KrakenPriceDecimals = 1;

    public const int KrakenSizeDecimals = 8;

    private readonly WebApplication _app;
    private readonly ConcurrentDictionary<(string Venue, string Symbol), FakeStreamBook> _books = new();
    private readonly ConcurrentDictionary<(string Venue, string Symbol), FakeStreamFault> _faults = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<FakeStreamSession, byte>> _sessions = new();
    private readonly Dictionary<string, FakeStreamProtocol> _protocols = new FakeStreamProtocol[]
    {
        new FakeBinanceStream(), new FakeKrakenStream(KrakenPriceDecimals, KrakenSizeDecimals), new FakeOkxStream(),
        new FakeBybitStream(), new FakeCoinbaseStream(), new FakeBlockchainStream(),
    }.ToDictionary(p => p.Venue);

    private readonly SemaphoreSlim _push = new(1, 1);
    private readonly ConcurrentDictionary<string, string> _listings = new();
    private int _connections;
    private string _address = "";

    private readonly CancellationTokenSource _stop = new();
    private Task _heartbeats = Task.CompletedTask;

    private FakeStreams(WebApplication app) => _app = app;

    /// <summary>Connections accepted so far, every venue.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Connections of <paramref name="venue"/> open now.</summary>
    public int OpenConnections(string venue) => Sessions(venue).Count();

    public static async Task<FakeStreams> StartAsync(CancellationToken cancellationToken)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var streams = new FakeStreams(app);
        app.UseWebSockets();
        app.Map("/{venue}/ws", (RequestDelegate)(context => streams.AcceptAsync(context.Request.RouteValues["venue"]!.ToString()!, context)));
        app.Map("/{venue}/{**path}", (RequestDelegate)(context => streams.AnswerRestAsync(
            context.Request.RouteValues["venue"]!.ToString()!, context.Request.RouteValues["path"]?.ToString() ?? "", context)));
        await app.StartAsync(cancellationToken);
        streams._address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        streams._heartbeats = Task.Run(streams.BeatAsync);
        return streams;
    }

    public Uri StreamUrl(string venue) => new($"{_address.Replace("http://", "ws://", StringComparison.Ordinal)}/{venue}/ws");

    public Uri RestUrl(string venue) => new($"{_address}/{venue}/");

    /// <summary>The book as the venue holds it (the stream symbol: <c>BTCUSDT</c>, <c>BTC/USD</c>, <c>BTC-USD</c>).</summary>
    public FakeStreamBook Book(string venue, string symbol) =>
        _books.GetOrAdd((venue, symbol), key => new FakeStreamBook(
            key.Symbol, Math.Abs(HashCode.Combine(key.Venue.Length, key.Symbol.Length, key.Symbol[0])) + key.Symbol.Sum(c => c),
            priceDecimals: venue == "kraken" ? KrakenPriceDecimals : 2, sizeDecimals: venue == "kraken" ? KrakenSizeDecimals : 6));

    /// <summary>The symbols some connection of <paramref name="venue"/> is subscribed to now.</summary>
    public IReadOnlyList<string> Subscribed(string venue) =>
        [.. Sessions(venue).SelectMany(s => s.Symbols).Distinct().Order(StringComparer.Ordinal)];

    public void Set(string venue, string symbol, FakeStreamFault fault) => _faults[(venue, symbol)] = fault;

    /// <summary>Bybit lists <paramref name="count"/> open USDT instruments (<c>AAAUSDT</c>, <c>AABUSDT</c>, …) instead of its recorded listing.</summary>
    public void ListBybit(int count)
    {
        var rows = Enumerable.Range(0, count).Select(i =>
        {
            var code = string.Concat(new[] { i / 676, i / 26 % 26, i % 26 }.Select(d => (char)('A' + d)));
            return $$"""{"symbol":"{{code}}USDT","baseCoin":"{{code}}","quoteCoin":"USDT","status":"Trading"}""";
        });
        _listings["bybit"] = $$"""{"retCode":0,"retMsg":"OK","result":{"category":"spot","list":[{{string.Join(',', rows)}}]},"retExtInfo":{},"time":1767323045124}""";
    }

    /// <summary>
    /// Once a second, until disposed, each connection of a venue that sends heartbeats (Kraken, Coinbase, Blockchain.com)
    /// gets one, as those venues do, numbered in its connection's sequence where the venue numbers them.
    /// </summary>
    private async Task BeatAsync()
    {
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1));
        try
        {
            while (await timer.WaitForNextTickAsync(_stop.Token))
            {
                await _push.WaitAsync(_stop.Token);
                try
                {
                    foreach (var (venue, protocol) in _protocols)
                    {
                        foreach (var session in Sessions(venue))
                        {
                            if (protocol.Heartbeat(session) is { } beat)
                            {
                                await session.SendAsync(beat);
                            }
                        }
                    }
                }
                finally
                {
                    _push.Release();
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Disposed.
        }
    }

    /// <summary>Moves every subscribed book of <paramref name="venue"/> once and sends each connection its update, faults applied.</summary>
    public async Task PushAsync(string venue)
    {
        await _push.WaitAsync();
        try
        {
            var protocol = _protocols[venue];
            foreach (var symbol in Subscribed(venue))
            {
                var book = Book(venue, symbol);
                var fault = _faults.GetValueOrDefault((venue, symbol));
                if (fault == FakeStreamFault.SilentHeartbeats)
                {
                    foreach (var session in Sessions(venue))
                    {
                        if (protocol.Heartbeat(session) is { } beat)
                        {
                            await session.SendAsync(beat);
                        }
                    }

                    continue;
                }

                var changes = book.Step();
                var faulted = false;
                foreach (var session in Sessions(venue).Where(s => s.Symbols.Contains(symbol)))
                {
                    faulted |= await SendUpdateAsync(protocol, session, book, changes, fault);
                }

                await CloseReplacedAsync(venue);

                // A fault that found nothing to act on (an update with nothing in the subscribed depth) waits for the next.
                if (faulted && fault is not (FakeStreamFault.None or FakeStreamFault.StaleSnapshot or FakeStreamFault.SnapshotTooManyRequests
                    or FakeStreamFault.SnapshotBanned or FakeStreamFault.RestBookDiffers))
                {
                    _faults.TryRemove((venue, symbol), out _);
                }
            }
        }
        finally
        {
            _push.Release();
        }
    }

    /// <summary>Sends the session its update with the fault applied; whether the fault acted (a frame to drop, to spoil, ...).</summary>
    private async Task<bool> SendUpdateAsync(
        FakeStreamProtocol protocol, FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, FakeStreamFault fault)
    {
        switch (fault)
        {
            case FakeStreamFault.DropNext:
                // Made, numbered, and lost on the way.
                return protocol.Update(session, book, changes, wrongChecksum: false) is not null;
            case FakeStreamFault.Reset when protocol.Reset(session, book) is { } reset:
                await session.SendAsync(reset);
                return true;
            case FakeStreamFault.Unreadable:
                // The spoiled frame is the fault: it acted whether or not an update follows it.
                await session.SendAsync("{\"truncated\": [1, 2");
                await SendUpdateAsync(protocol, session, book, changes, FakeStreamFault.None);
                return true;
            case FakeStreamFault.Disconnect:
                session.Socket.Abort();
                return true;
            case FakeStreamFault.ServerShutdown when !session.Closing:
                // Announced, then the connection streams on until the client's next one has subscribed (CloseReplacedAsync).
                session.Closing = true;
                await session.SendAsync(FakeBinanceStream.ServerShutdown());
                break;
        }

        if (protocol.Update(session, book, changes, fault == FakeStreamFault.WrongChecksum) is { } frame)
        {
            await session.SendAsync(frame);
            return true;
        }

        return false;
    }

    /// <summary>Closes each connection that announced its end once another connection of the venue has subscribed all its symbols.</summary>
    private async Task CloseReplacedAsync(string venue)
    {
        foreach (var closing in Sessions(venue).Where(s => s.Closing).ToList())
        {
            if (Sessions(venue).Any(s => !s.Closing && closing.Symbols.IsSubsetOf(s.Symbols)))
            {
                await closing.Socket.CloseOutputAsync(WebSocketCloseStatus.EndpointUnavailable, "shutdown", CancellationToken.None);
                _sessions[venue].TryRemove(closing, out _);
            }
        }
    }

    private IEnumerable<FakeStreamSession> Sessions(string venue) => _sessions.GetOrAdd(venue, _ => new()).Keys;

    private async Task AcceptAsync(string venue, HttpContext context)
    {
        if (!context.WebSockets.IsWebSocketRequest || !_protocols.TryGetValue(venue, out var protocol))
        {
            context.Response.StatusCode = 400;
            return;
        }

        if (venue == "blockchain" && context.Request.Headers.Origin != "https://exchange.blockchain.com")
        {
            context.Response.StatusCode = 403;
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync();
        Interlocked.Increment(ref _connections);
        var session = new FakeStreamSession(socket);
        _sessions.GetOrAdd(venue, _ => new())[session] = 0;
        var buffer = new byte[64 * 1024];
        try
        {
            while (socket.State == WebSocketState.Open)
            {
                var result = await socket.ReceiveAsync(buffer, context.RequestAborted);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    break;
                }

                var text = Encoding.UTF8.GetString(buffer, 0, result.Count);
                if (text == "ping")
                {
                    await session.SendAsync("pong");
                    continue;
                }

                await _push.WaitAsync();
                try
                {
                    foreach (var frame in protocol.OnMessage(session, JsonNode.Parse(text)!, symbol => Book(venue, symbol)).ToList())
                    {
                        await session.SendAsync(frame);
                    }
                }
                finally
                {
                    _push.Release();
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
        {
            // The client or a fault ended it.
        }
        finally
        {
            _sessions[venue].TryRemove(session, out _);
        }
    }

    private Task AnswerRestAsync(string venue, string path, HttpContext context)
    {
        switch (venue, path)
        {
            case ("binance", "api/v3/depth"):
                var symbol = context.Request.Query["symbol"].ToString();
                var limit = int.TryParse(context.Request.Query["limit"], out var l) ? l : 100;
                var fault = _faults.GetValueOrDefault((venue, symbol));
                if (fault is FakeStreamFault.SnapshotTooManyRequests or FakeStreamFault.SnapshotBanned)
                {
                    _faults.TryRemove((venue, symbol), out _);
                    context.Response.StatusCode = fault == FakeStreamFault.SnapshotBanned ? 418 : 429;
                    context.Response.Headers.RetryAfter = "1";
                    return context.Response.WriteAsync("""{"code":-1003,"msg":"Too many requests."}""");
                }

                var book = Book(venue, symbol);
                var stale = fault == FakeStreamFault.StaleSnapshot;
                if (stale)
                {
                    _faults.TryRemove((venue, symbol), out _);
                }

                return Json(context, FakeBinanceStream.Depth(book, limit, stale ? book.Sequence - 50 : book.Sequence));
            case ("bybit", "v5/market/orderbook"):
                var bybitSymbol = context.Request.Query["symbol"].ToString();
                var depth = int.TryParse(context.Request.Query["limit"], out var d) ? d : 50;
                var bybitBook = Book(venue, bybitSymbol);
                var bids = bybitBook.Top(true, depth).ToList();
                if (_faults.GetValueOrDefault((venue, bybitSymbol)) == FakeStreamFault.RestBookDiffers && bids.Count > 0)
                {
                    bids[0] = KeyValuePair.Create(bids[0].Key, bids[0].Value + 1);
                }

                return Json(context, FakeBybitStream.RestBook(bybitBook, bids, bybitBook.Top(false, depth)));
            case ("blockchain", "symbols"):
                var body = new JsonObject();
                foreach (var pair in new[] { "BTC-USD", "ETH-USD" })
                {
                    body[pair] = JsonNode.Parse($$"""{"base_currency":"{{pair[..3]}}","base_currency_scale":8,"counter_currency":"USD","counter_currency_scale":2,"min_price_increment":1,"min_price_increment_scale":2,"status":"open","id":1,"auction_time":""}""");
                }

                return Json(context, body.ToJsonString());
            case ("blockchain", _):
                context.Response.StatusCode = 404;
                return Task.CompletedTask;
            default:
                return Json(context, _listings.TryGetValue(venue, out var listing) ? listing : FakeVenueBodies.Instruments(venue));
        }
    }

    private static Task Json(HttpContext context, string body)
    {
        context.Response.ContentType = "application/json";
        return context.Response.WriteAsync(body);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _heartbeats;
        _stop.Dispose();
        foreach (var session in _sessions.Values.SelectMany(s => s.Keys))
        {
            session.Socket.Abort();
        }

        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
