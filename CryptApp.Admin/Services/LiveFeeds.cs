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

    /// <summary>Streams open now.</summary>
    public int Open
    {
        get
        {
            lock (_feeds)
            {
                return _feeds.Count;
            }
        }
    }

    /// <summary>Calls <paramref name="onEvent"/> with each event of the stream at <paramref name="path"/> until disposed.</summary>
    public IDisposable Watch(string path, Func<LiveEvent, Task> onEvent)
    {
        Feed feed;
        lock (_feeds)
        {
            if (!_feeds.TryGetValue(path, out feed!))
            {
                feed = new Feed(this, path);
                _feeds[path] = feed;
            }
        }

        return feed.Add(onEvent);
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

    private void Remove(Feed feed)
    {
        lock (_feeds)
        {
            if (_feeds.TryGetValue(feed.Path, out var held) && ReferenceEquals(held, feed))
            {
                _feeds.Remove(feed.Path);
            }
        }
    }

    private sealed class Feed
    {
        private readonly LiveFeeds _owner;
        private readonly CancellationTokenSource _stop = new();
        private readonly Lock _sync = new();
        private readonly Dictionary<string, LiveEvent> _views = new(StringComparer.Ordinal);
        private Func<LiveEvent, Task>[] _watchers = [];
        private LiveEvent? _status;
        private Task _run = Task.CompletedTask;

        public Feed(LiveFeeds owner, string path)
        {
            (_owner, Path) = (owner, path);
        }

        public string Path { get; }

        public IDisposable Add(Func<LiveEvent, Task> watcher)
        {
            LiveEvent[] replay;
            bool first;
            lock (_sync)
            {
                first = _watchers.Length == 0;
                _watchers = [.. _watchers, watcher];
                replay = [.. _views.Values.Select(v => v with { Type = "snapshot" }), .. _status is null ? [] : new[] { _status }];
            }

            if (first)
            {
                _run = Task.Run(() => RunAsync(_stop.Token));
            }

            foreach (var e in replay)
            {
                _ = Deliver(watcher, e);
            }

            return new Watch(this, watcher);
        }

        public async Task StopAsync()
        {
            await _stop.CancelAsync();
            try
            {
                await _run;
            }
            catch (OperationCanceledException)
            {
                // Stopped.
            }
        }

        private void Remove(Func<LiveEvent, Task> watcher)
        {
            bool last;
            lock (_sync)
            {
                _watchers = [.. _watchers.Where(w => w != watcher)];
                last = _watchers.Length == 0;
            }

            if (last)
            {
                _owner.Remove(this);
                _ = StopAsync();
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
                    using var client = _owner.Clients.CreateClient(ClientName);
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
                    await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                    await foreach (var item in SseParser.Create(body).EnumerateAsync(cancellationToken))
                    {
                        lastEventId = item.EventId ?? lastEventId;
                        await PublishAsync(new LiveEvent(item.EventType, item.Data, DateTimeOffset.UtcNow));
                    }

                    LogEnded(_owner.Logger, Path);
                }
                catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or JsonException or TaskCanceledException)
                {
                    LogLost(_owner.Logger, Path, ex.Message);
                    await PublishAsync(LiveEvent.Unreachable(ex.Message));
                }

                await Task.Delay(retry, cancellationToken);
                retry = TimeSpan.FromTicks(Math.Min(retry.Ticks * 2, MaxRetry.Ticks));
            }
        }

        private async Task PublishAsync(LiveEvent e)
        {
            Func<LiveEvent, Task>[] watchers;
            lock (_sync)
            {
                if (e.IsView)
                {
                    _views[KeyOf(e.Data)] = e;
                }
                else if (e.Type == "status")
                {
                    _status = e;
                }

                watchers = _watchers;
            }

            foreach (var watcher in watchers)
            {
                await Deliver(watcher, e);
            }
        }

        private async Task Deliver(Func<LiveEvent, Task> watcher, LiveEvent e)
        {
            try
            {
                await watcher(e);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A page that went away mid-render, or a bad event: the others still get theirs.
                LogWatcherFailed(_owner.Logger, Path, ex.Message);
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

        private sealed class Watch(Feed feed, Func<LiveEvent, Task> watcher) : IDisposable
        {
            private int _disposed;

            public void Dispose()
            {
                if (Interlocked.Exchange(ref _disposed, 1) == 0)
                {
                    feed.Remove(watcher);
                }
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Api stream {Path} lost, opened again shortly: {Reason}")]
    private static partial void LogLost(ILogger logger, string path, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Api stream {Path} ended by the Api, opened again shortly")]
    private static partial void LogEnded(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "A page watching {Path} failed on an event: {Reason}")]
    private static partial void LogWatcherFailed(ILogger logger, string path, string reason);
}
