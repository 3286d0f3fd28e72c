using System.Net;
using System.Net.ServerSentEvents;
using System.Threading.Channels;

namespace CryptApp.Testing.Sse;

/// <summary>
/// A client of one event stream, as a program would hold it: the GET sent with <c>Accept: text/event-stream</c>, the
/// body parsed by .NET's <c>SseParser</c> (the oracle of the wire format, not the Api's code) as it arrives, each
/// event kept with its arrival time.
/// </summary>
public sealed class SseSubscription : IAsyncDisposable
{
    private readonly Channel<ReceivedEvent> _events = Channel.CreateUnbounded<ReceivedEvent>();
    private readonly List<ReceivedEvent> _seen = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly HttpResponseMessage _response;
    private readonly Task _reader;

    private SseSubscription(HttpResponseMessage response, Stream body)
    {
        _response = response;
        _reader = Task.Run(() => ReadAsync(body));
    }

    /// <summary>Every event so far, oldest first.</summary>
    public IReadOnlyList<ReceivedEvent> Seen
    {
        get
        {
            lock (_seen)
            {
                return [.. _seen];
            }
        }
    }

    /// <summary>Ends when the server ends the stream (or drops the connection: then faulted).</summary>
    public Task Ended => _reader;

    public HttpResponseMessage Response => _response;

    /// <summary>
    /// Opens the stream; an answer other than 200 <c>text/event-stream</c> throws with its status and body, unless
    /// <paramref name="expectRefusal"/> (then see <see cref="OpenOrRefusedAsync"/>).
    /// </summary>
    public static async Task<SseSubscription> OpenAsync(HttpClient client, string url, CancellationToken cancellationToken, string? lastEventId = null)
    {
        var (subscription, status, body) = await OpenOrRefusedAsync(client, url, cancellationToken, lastEventId);
        return subscription ?? throw new InvalidOperationException($"GET {url} answered {(int)status}: {body}");
    }

    /// <summary>The stream, or the status and body it was refused with.</summary>
    public static async Task<(SseSubscription? Subscription, HttpStatusCode Status, string Body)> OpenOrRefusedAsync(
        HttpClient client, string url, CancellationToken cancellationToken, string? lastEventId = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.Accept.ParseAdd("text/event-stream");
        if (lastEventId is not null)
        {
            request.Headers.Add("Last-Event-ID", lastEventId);
        }

        var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken)
            .WaitAsync(Timeouts.Request, cancellationToken);
        if (response.StatusCode != HttpStatusCode.OK || response.Content.Headers.ContentType?.MediaType != "text/event-stream")
        {
            var body = await response.Content.ReadAsStringAsync(cancellationToken).WaitAsync(Timeouts.Request, cancellationToken);
            var status = response.StatusCode;
            response.Dispose();
            return (null, status, body);
        }

        return (new SseSubscription(response, await response.Content.ReadAsStreamAsync(cancellationToken)), HttpStatusCode.OK, "");
    }

    /// <summary>The next event not taken yet; fails after <paramref name="timeout"/> saying what came last.</summary>
    public async Task<ReceivedEvent> NextAsync(TimeSpan timeout, string describe, CancellationToken cancellationToken)
    {
        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            return await _events.Reader.ReadAsync(timer.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"No event within {timeout.TotalSeconds:0.#} s: {describe}. Last seen: {Last()}");
        }
        catch (ChannelClosedException ex)
        {
            throw new InvalidOperationException($"The stream ended before {describe}. Last seen: {Last()}", ex.InnerException ?? ex);
        }
    }

    /// <summary>Takes events until one matches; fails after <paramref name="timeout"/> with the last one seen.</summary>
    public async Task<ReceivedEvent> WaitForAsync(Func<ReceivedEvent, bool> match, TimeSpan timeout, string describe, CancellationToken cancellationToken)
    {
        var until = DateTimeOffset.UtcNow + timeout;
        while (true)
        {
            var left = until - DateTimeOffset.UtcNow;
            var next = await NextAsync(left > TimeSpan.Zero ? left : TimeSpan.Zero, describe, cancellationToken);
            if (match(next))
            {
                return next;
            }
        }
    }

    /// <summary>
    /// The first event so far, taken or not, that matches; waits for one past <paramref name="timeout"/> with the last
    /// ones seen. For events whose order the server does not promise (a view and the status it causes).
    /// </summary>
    public Task<ReceivedEvent> SeenAsync(Func<ReceivedEvent, bool> match, TimeSpan timeout, string describe, CancellationToken cancellationToken) =>
        Eventually.Value(
            () => Task.FromResult(Seen.FirstOrDefault(match)),
            e => e is not null,
            timeout,
            _ => $"{describe}. Last seen: {Last()}",
            cancellationToken,
            TimeSpan.FromMilliseconds(20))!;

    private string Last() => Seen is { Count: > 0 } seen ? string.Join("\n  ", seen.TakeLast(5)) : "nothing";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        try
        {
            await _reader.WaitAsync(Timeouts.Request);
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException or HttpRequestException or ObjectDisposedException or TimeoutException)
        {
            // Closed under the reader.
        }

        _stop.Dispose();
    }

    private async Task ReadAsync(Stream body)
    {
        try
        {
            await foreach (var item in SseParser.Create(body).EnumerateAsync(_stop.Token))
            {
                var received = new ReceivedEvent(item.EventType, item.EventId, item.Data, DateTimeOffset.UtcNow);
                lock (_seen)
                {
                    _seen.Add(received);
                }

                _events.Writer.TryWrite(received);
            }

            _events.Writer.TryComplete();
        }
        catch (Exception ex)
        {
            _events.Writer.TryComplete(ex);
            throw;
        }
    }
}
