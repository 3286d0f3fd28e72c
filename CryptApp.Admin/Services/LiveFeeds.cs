using System.Net;
using System.Net.ServerSentEvents;
using System.Text.Json;

namespace CryptApp.Admin.Services;

/// <summary>
/// The Api's event streams this Admin process reads, one connection per stream whatever the number of pages that show it:
/// the first page to watch a stream opens it, the last to leave closes it. A page that joins an open stream gets its
/// newest view of each market at once. A lost connection is opened again (with <c>Last-Event-ID</c>, so the Api starts
/// it with a snapshot), after a pause that grows to <see cref="MaxRetry"/>; meanwhile the pages are told it is unavailable.
/// </summary>
public sealed partial class LiveFeeds(IHttpClientFactory clients, ILogger<LiveFeeds> logger) : IAsyncDisposable
{
    /// <summary>The named client: service discovery, and none of the resilience handlers (their timeouts would end a stream).</summary>
    public const string ClientName = "api-streams";

    public static readonly TimeSpan MaxRetry = TimeSpan.FromSeconds(10);

    private readonly Dictionary<string, Feed> _feeds = new(StringComparer.Ordinal);

    private IHttpClientFactory Clients => clients;

    private ILogger Logger => logger;

    /// <summary>Calls <paramref name="onEvent"/> with each event of the stream at <paramref name="path"/> until disposed.</summary>
    public IDisposable Watch(string path, Func<LiveEvent, Task> onEvent)
    {
        // Joining and leaving under one lock: a feed whose last page left is out of the registry before it stops, so a
        // page never joins a feed that is stopping.
        lock (_feeds)
        {
            if (!_feeds.TryGetValue(path, out var feed))
            {
                feed = new Feed(this, path);
                _feeds[path] = feed;
                feed.Start();
            }

            var watch = new Watcher(this, feed, onEvent);
            feed.Watchers++;
            _ = feed.JoinAsync(watch);
            return watch;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Feed[] feeds;
        lock (_feeds)
        {
            feeds = [.. _feeds.Values];
            _feeds.Clear();
        }

        foreach (var feed in feeds)
        {
            await feed.StopAsync();
        }
    }

    private void Leave(Watcher watch)
    {
        bool last;
        lock (_feeds)
        {
            last = --watch.Feed.Watchers == 0;
            if (last && _feeds.TryGetValue(watch.Feed.Path, out var held) && ReferenceEquals(held, watch.Feed))
            {
                _feeds.Remove(watch.Feed.Path);
            }
        }

        if (last)
        {
            _ = watch.Feed.StopAsync();
        }
    }

    /// <summary>One page's watch; disposed, it gets nothing more.</summary>
    private sealed class Watcher(LiveFeeds owner, Feed feed, Func<LiveEvent, Task> onEvent) : IDisposable
    {
        private int _disposed;

        public Feed Feed { get; } = feed;

        public bool Disposed => Volatile.Read(ref _disposed) == 1;

        public Func<LiveEvent, Task> OnEvent { get; } = onEvent;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref _disposed, 1) == 0)
            {
                owner.Leave(this);
            }
        }
    }

    private sealed class Feed(LiveFeeds owner, string path)
    {
        private readonly CancellationTokenSource _stop = new();

        // Events go out one at a time, and a joining page's replay is one of them: it never gets an older view after a newer.
        private readonly SemaphoreSlim _deliver = new(1, 1);
        private readonly Dictionary<string, LiveEvent> _views = new(StringComparer.Ordinal);
        private readonly List<Watcher> _watchers = [];
        private LiveEvent? _status;
        private Task _run = Task.CompletedTask;

        public string Path { get; } = path;

        /// <summary>Pages watching; guarded by the owner's lock.</summary>
        public int Watchers { get; set; }

        public void Start() => _run = Task.Run(() => RunAsync(_stop.Token));

        /// <summary>Replays the newest view of each market (as snapshots) and the state, then delivers every event after them.</summary>
        public async Task JoinAsync(Watcher watch)
        {
            await _deliver.WaitAsync();
            try
            {
                _watchers.Add(watch);
                foreach (var e in _views.Values.Select(v => v with { Type = "snapshot" }).Concat(_status is null ? [] : [_status]))
                {
                    await DeliverAsync(watch, e);
                }
            }
            finally
            {
                _deliver.Release();
            }
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (Exception ex)
            {
                // Stopped (or failed): the other feeds still stop.
                LogStopped(owner.Logger, Path, ex.Message);
            }
        }

        private async Task RunAsync(CancellationToken cancellationToken)
        {
            string? lastEventId = null;
            var retry = TimeSpan.FromSeconds(1);
            while (!cancellationToken.IsCancellationRequested)
            {
                try
                {
                    using var client = owner.Clients.CreateClient(ClientName);
                    client.Timeout = Timeout.InfiniteTimeSpan;
                    using var request = new HttpRequestMessage(HttpMethod.Get, Path);
                    request.Headers.Accept.ParseAdd("text/event-stream");
                    if (lastEventId is not null)
                    {
                        request.Headers.Add("Last-Event-ID", lastEventId);
                    }

                    using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                    if (response.StatusCode != HttpStatusCode.OK)
                    {
                        var problem = await response.Content.ReadAsStringAsync(cancellationToken);
                        throw new HttpRequestException($"{(int)response.StatusCode}: {Detail(problem)}", null, response.StatusCode);
                    }

                    retry = TimeSpan.FromSeconds(1);
                    // Connected: a state the Api gave earlier, or the Admin's "unavailable", is not replayed any more.
                    await ForgetStatusAsync();
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
                    {
                        lastEventId = item.EventId ?? lastEventId;
                        await PublishAsync(new LiveEvent(item.EventType, item.Data, DateTimeOffset.UtcNow));
                    }

                    LogEnded(owner.Logger, Path);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
                {
                    // Whatever broke the connection, the feed goes on: told, paused, opened again.
                    LogLost(owner.Logger, Path, ex.Message);
                    await PublishAsync(LiveEvent.Unreachable(ex.Message));
                }

                await Task.Delay(retry, cancellationToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }

        private async Task PublishAsync(LiveEvent e)
        {
            await _deliver.WaitAsync();
            try
            {
                if (e.IsView)
                {
                    _views[KeyOf(e.Data)] = e;
                }
                else if (e.Type == "status")
                {
                    _status = e;
                }

                _watchers.RemoveAll(w => w.Disposed);
                foreach (var watch in _watchers)
                {
                    await DeliverAsync(watch, e);
                }
            }
            finally
            {
                _deliver.Release();
            }
        }

        private async Task ForgetStatusAsync()
        {
            await _deliver.WaitAsync();
            _status = null;
            _deliver.Release();
        }

        private async Task DeliverAsync(Watcher watch, LiveEvent e)
        {
            if (watch.Disposed)
            {
                return;
            }

            try
            {
                await watch.OnEvent(e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A page that went away mid-render, or a bad event: the others still get theirs.
                LogWatcherFailed(owner.Logger, Path, ex.Message);
            }
        }

        /// <summary>The market (<c>id</c>) or pair a view is of: a watch list holds one newest view per market.</summary>
        private static string KeyOf(string json)
        {
            try
            {
                using var document = JsonDocument.Parse(json);
                return document.RootElement.TryGetProperty("id", out var id) ? id.GetString() ?? ""
                    : document.RootElement.TryGetProperty("pair", out var pair) ? pair.GetString() ?? "" : "";
            }
            catch (JsonException)
            {
                return "";
            }
        }

        private static string Detail(string problem)
        {
            try
            {
                using var document = JsonDocument.Parse(problem);
                return document.RootElement.TryGetProperty("detail", out var detail) ? detail.GetString() ?? problem : problem;
            }
            catch (JsonException)
            {
                return problem.Length > 200 ? problem[..200] : problem;
            }
        }

    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Api stream {Path} lost, opened again shortly: {Reason}")]
    private static partial void LogLost(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Api stream {Path} ended by the Api, opened again shortly")]
    private static partial void LogEnded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Api stream {Path} stopped: {Reason}")]
    private static partial void LogStopped(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page watching {Path} failed on an event: {Reason}")]
    private static partial void LogWatcherFailed(ILogger logger, string path, string reason);
}
