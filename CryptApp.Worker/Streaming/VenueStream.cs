using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using System.Threading.Channels;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;

namespace CryptApp.Worker.Streaming;

/// <summary>
/// One venue's live books: lists its instruments (the same selection as the REST run), keeps one WebSocket connection
/// to <c>Exchanges:&lt;Venue&gt;:Stream:Url</c> and feeds every frame to the venue's <see cref="VenueFeed"/>. Sends are
/// paced within the venue's message limit, its keepalive is sent as it asks, and a watchdog marks books stale on the
/// venue's time and makes the connection again when nothing at all arrives. A connection that ends is made again after a
/// jittered exponential wait, and never more often than the venue's connection budget. REST snapshots (Binance) are
/// fetched a few at a time through the venue's gated HTTP client. The feed is only touched under <see cref="Sync"/>.
/// </summary>
public sealed partial class VenueStream(
    VenueDefinition venue,
    VenueOptions options,
    StreamingOptions streaming,
    IVenueClient client,
    TimeProvider time,
    ILogger logger,
    ActivitySource? traces = null)
{
    private readonly SnapshotQueue _snapshots = new();
    private readonly VenueBudget _connects = new(venue.StreamConnectBudget, venue.StreamConnectWindow);
    private Task<string>? _next;

    public VenueDefinition Venue => venue;

    /// <summary>The feed once the venue's instruments are listed; read it under <see cref="Sync"/>.</summary>
    public VenueFeed? Feed { get; private set; }

    /// <summary>Held while the feed reads a frame or a snapshot, checks freshness, or a writer copies a book.</summary>
    public Lock Sync { get; } = new();

    /// <summary><c>standby</c> (another Worker streams it), <c>connecting</c>, <c>open</c>, or <c>down: why</c>.</summary>
    public string State { get; private set; } = "standby";

    /// <summary>Whether this Worker holds the venue's stream lease now.</summary>
    public bool Owned { get; set; }

    /// <summary>Another Worker holds the stream.</summary>
    public void Standby() => State = "standby";

    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        var snapshots = Task.Run(() => FetchSnapshotsAsync(stopping), CancellationToken.None);
        Task<string>? current = null;
        while (!stopping.IsCancellationRequested)
        {
            var opened = time.GetUtcNow();
            try
            {
                Feed ??= await CreateFeedAsync(stopping);
                if (current is null)
                {
                    State = "connecting";
                    await WaitForConnectBudgetAsync(stopping);
                    var feed = Feed;
                    current = ConnectAsync(feed, overlapping: false, stopping);
                }

                var reason = await current;
                LogClosed(venue.Id, reason);
                State = $"down: {reason}";
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                State = $"down: {ex.Message}";
                LogFailed(venue.Id, ex.Message);
            }
            finally
            {
                // A rotation opened the next connection already: it reads on, and the books with it.
                current = Interlocked.Exchange(ref _next, null);
                lock (Sync)
                {
                    if (current is null)
                    {
                        Feed?.Disconnected();
                    }
                    else
                    {
                        Feed?.OverlapEnded(new SnapshotListener(this));
                    }
                }
            }

            if (current is not null)
            {
                State = "open";
                continue;
            }

            // A connection that lived a while was a success: the next wait starts short again.
            failures = time.GetUtcNow() - opened > TimeSpan.FromMinutes(1) ? 0 : failures + 1;
            await DelayAsync(ReconnectDelay(failures), stopping).ContinueWith(_ => { }, TaskScheduler.Default);
        }

        foreach (var left in new[] { current, Interlocked.Exchange(ref _next, null) }.OfType<Task<string>>())
        {
            await left.ContinueWith(_ => { }, TaskScheduler.Default);
        }

        await snapshots;
    }

    /// <summary>
    /// Opens the connection that replaces the current one, beside it (a rotation). Only one waits to take over at a time:
    /// a second request while one is opening starts nothing.
    /// </summary>
    private void OpenNext(VenueFeed feed, string reason, CancellationToken stopping)
    {
        var opening = new Task<Task<string>>(async () =>
        {
            await WaitForConnectBudgetAsync(stopping);
            return await ConnectAsync(feed, overlapping: true, stopping);
        });
        if (Interlocked.CompareExchange(ref _next, opening.Unwrap(), null) is null)
        {
            LogRotating(venue.Id, reason);
            opening.Start(TaskScheduler.Default);
        }
    }

    /// <summary>Jittered exponential: a random wait between half and all of base × 2^failures, capped.</summary>
    private TimeSpan ReconnectDelay(int failures)
    {
        var ceiling = Math.Min(streaming.ReconnectMaxDelay.TotalMilliseconds, streaming.ReconnectBaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(failures, 20)));
        return TimeSpan.FromMilliseconds(ceiling * (0.5 + Random.Shared.NextDouble() / 2));
    }

    private async Task<VenueFeed> CreateFeedAsync(CancellationToken stopping)
    {
        var listed = await client.GetInstrumentsAsync(stopping);
        var selected = VenueListing.Of(listed).Open.Where(options.Selects).ToList();
        if (selected.Count == 0)
        {
            throw new InvalidOperationException($"none of the configured symbols is open among {listed.Count} listed");
        }

        return venue.Feed(selected, options.Stream.Depth);
    }

    private async Task WaitForConnectBudgetAsync(CancellationToken stopping)
    {
        while (_connects.TryTake(time.GetUtcNow(), 1) is var wait && wait > TimeSpan.Zero)
        {
            await DelayAsync(wait, stopping);
        }
    }

    /// <summary>
    /// One connection, from the upgrade to its end; returns why it ended. <paramref name="overlapping"/> opens it beside
    /// the one it replaces: the books go on as they are, only its subscriptions are sent.
    /// </summary>
    private async Task<string> ConnectAsync(VenueFeed feed, bool overlapping, CancellationToken stopping)
    {
        // A span for the connection's opening (connect and subscribe), and one for each book resynced on it.
        var connecting = traces?.StartActivity("StreamConnect", ActivityKind.Client);
        connecting?.SetTag("cryptapp.venue", venue.Id);
        using var socket = new ClientWebSocket();
        foreach (var (name, value) in feed.Headers)
        {
            socket.Options.SetRequestHeader(name, value);
        }

        socket.Options.KeepAliveInterval = TimeSpan.FromSeconds(20);
        var url = options.Stream.Url ?? venue.StreamUrl;
        connecting?.SetTag("url.full", url.ToString());
        using (var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            connectTimeout.CancelAfter(TimeSpan.FromSeconds(10));
            try
            {
                await socket.ConnectAsync(url, connectTimeout.Token);
            }
            catch (Exception ex)
            {
                connecting?.SetStatus(ActivityStatusCode.Error, ex.Message);
                connecting?.Dispose();
                throw;
            }
        }

        using var connection = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        var outbox = Channel.CreateBounded<OutgoingMessage>(new BoundedChannelOptions(4096) { SingleReader = true });
        var listener = new FeedListener(
            feed, outbox, _snapshots, connection, reason => OpenNext(feed, reason, stopping), streaming.RotateOverlap, traces);
        lock (Sync)
        {
            if (overlapping)
            {
                feed.Overlapped();
            }
            else
            {
                feed.Connected();
            }

            foreach (var message in feed.Subscribe(feed.Books))
            {
                listener.Send(message);
            }

            foreach (var book in overlapping ? Array.Empty<LiveBook>() : feed.SnapshotsWanted())
            {
                _snapshots.Request(book);
            }
        }

        State = "open";
        connecting?.SetTag("cryptapp.books", feed.Books.Count);
        connecting?.Dispose();
        LogOpened(venue.Id, url, feed.Books.Count);
        var lastFrame = time.GetUtcNow();
        var subscribes = venue.StreamSubscribeBudget is { } budget ? new VenueBudget(budget, venue.StreamSubscribeWindow) : null;
        var sending = SendAsync(socket, outbox, feed.SendInterval, subscribes, connection.Token);
        var keepingAlive = KeepAliveAsync(feed, listener, connection.Token);
        var watching = WatchAsync(feed, listener, () => lastFrame, time.GetUtcNow(), connection.Token);
        var buffer = ArrayPool<byte>.Shared.Rent(64 * 1024);
        try
        {
            var length = 0;
            while (!connection.IsCancellationRequested)
            {
                if (length == buffer.Length)
                {
                    if (buffer.Length * 2 > streaming.MaxFrameBytes)
                    {
                        return $"a frame larger than {streaming.MaxFrameBytes} bytes";
                    }

                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var result = await socket.ReceiveAsync(buffer.AsMemory(length), connection.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return $"closed by the venue ({socket.CloseStatus} {socket.CloseStatusDescription})";
                }

                length += result.Count;
                if (!result.EndOfMessage)
                {
                    continue;
                }

                lastFrame = time.GetUtcNow();
                lock (Sync)
                {
                    feed.Handle(buffer.AsSpan(0, length), lastFrame, listener);
                }

                length = 0;
            }

            return listener.ReconnectReason ?? "stopping";
        }
        catch (OperationCanceledException) when (!stopping.IsCancellationRequested)
        {
            return listener.ReconnectReason ?? "canceled";
        }
        catch (WebSocketException ex)
        {
            return listener.ReconnectReason ?? ex.Message;
        }
        finally
        {
            await connection.CancelAsync();
            ArrayPool<byte>.Shared.Return(buffer);
            await Task.WhenAll(sending, keepingAlive, watching).ContinueWith(_ => { }, TaskScheduler.Default);
            await CloseAsync(socket);
        }
    }

    private static async Task CloseAsync(ClientWebSocket socket)
    {
        if (socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "closing", timeout.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException)
            {
                // The venue went first; nothing left to close.
            }
        }
    }

    /// <summary>
    /// Sends the outbox in order, one message per the venue's send interval at most, and subscriptions within the
    /// connection's subscribe budget where the venue has one (they wait for it; nothing is dropped).
    /// </summary>
    private async Task SendAsync(ClientWebSocket socket, Channel<OutgoingMessage> outbox, TimeSpan interval, VenueBudget? subscribes, CancellationToken token)
    {
        try
        {
            await foreach (var message in outbox.Reader.ReadAllAsync(token))
            {
                while (message.Subscription && subscribes?.TryTake(time.GetUtcNow(), 1) is { } wait && wait > TimeSpan.Zero)
                {
                    await DelayAsync(wait, token);
                }

                await socket.SendAsync(System.Text.Encoding.UTF8.GetBytes(message.Text), WebSocketMessageType.Text, endOfMessage: true, token);
                await DelayAsync(interval, token);
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or WebSocketException)
        {
            // The connection is ending.
        }
    }

    private async Task KeepAliveAsync(VenueFeed feed, FeedListener listener, CancellationToken token)
    {
        if (feed.KeepAlive is not { } keepAlive)
        {
            return;
        }

        try
        {
            while (!token.IsCancellationRequested)
            {
                await DelayAsync(keepAlive.Interval, token);
                listener.KeepAlive(keepAlive.Message);
            }
        }
        catch (OperationCanceledException)
        {
            // The connection is ending.
        }
    }

    /// <summary>Once a second: freshness on the venue's time for each book, and liveness for the connection.</summary>
    private async Task WatchAsync(VenueFeed feed, FeedListener listener, Func<DateTimeOffset> lastFrame, DateTimeOffset opened, CancellationToken token)
    {
        try
        {
            while (!token.IsCancellationRequested)
            {
                await DelayAsync(TimeSpan.FromSeconds(1), token);
                var now = time.GetUtcNow();
                if (now - lastFrame() > streaming.SilenceTimeout)
                {
                    listener.Reconnect($"silent for {streaming.SilenceTimeout.TotalSeconds:0} s");
                    return;
                }

                if (now - opened > streaming.RotateAfter)
                {
                    listener.Rotate($"open longer than {streaming.RotateAfter}");
                }

                lock (Sync)
                {
                    feed.CheckFreshness(now, streaming.StaleAfter, streaming.ResyncAfter, listener);
                }
            }
        }
        catch (OperationCanceledException)
        {
            // The connection is ending.
        }
    }

    /// <summary>Fetches the REST snapshots books ask for, a few at once, each through the venue's gate; a failed one is asked again.</summary>
    private async Task FetchSnapshotsAsync(CancellationToken stopping)
    {
        if (client is not IRestSnapshots rest)
        {
            return;
        }

        using var concurrency = new SemaphoreSlim(streaming.MaxConcurrentSnapshots);
        var running = new List<Task>();
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                var book = await _snapshots.NextAsync(stopping);
                await concurrency.WaitAsync(stopping);
                running.RemoveAll(t => t.IsCompleted);
                running.Add(FetchAsync(book));
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }

        await Task.WhenAll(running).ContinueWith(_ => { }, TaskScheduler.Default);

        async Task FetchAsync(LiveBook book)
        {
            try
            {
                var json = await rest.GetSnapshotAsync(book.Instrument, book.Depth, stopping);
                lock (Sync)
                {
                    Feed?.ApplySnapshot(book, json, time.GetUtcNow(), new SnapshotListener(this));
                }
            }
            catch (Exception ex) when (!stopping.IsCancellationRequested)
            {
                LogSnapshotFailed(book.MarketId, ex.Message);
                await DelayAsync(streaming.ReconnectBaseDelay, stopping).ContinueWith(_ => { }, TaskScheduler.Default);
                _snapshots.Request(book);
            }
            finally
            {
                concurrency.Release();
            }
        }
    }

    private Task DelayAsync(TimeSpan delay, CancellationToken token) => Task.Delay(delay, time, token);

    /// <summary>While a snapshot is applied outside a connection's read: a resync asks for another snapshot.</summary>
    private sealed class SnapshotListener(VenueStream stream) : IFeedListener
    {
        public void Send(string message)
        {
        }

        public void Resync(LiveBook book) => stream._snapshots.Request(book);

        public void Reconnect(string reason)
        {
        }

        public void Rotate(string reason)
        {
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue} stream open at {Url}: {Books} books")]
    private partial void LogOpened(string venue, Uri url, int books);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue} stream opens its next connection beside the current one: {Reason}")]
    private partial void LogRotating(string venue, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue} stream closed: {Reason}")]
    private partial void LogClosed(string venue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue} stream failed: {Reason}")]
    private partial void LogFailed(string venue, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Snapshot of {Market} failed, asked again: {Reason}")]
    private partial void LogSnapshotFailed(string market, string reason);
}
