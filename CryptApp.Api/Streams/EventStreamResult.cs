using System.Text.Json;
using CryptApp.Api.Extensions;
using CryptApp.Contracts.Streams;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;

namespace CryptApp.Api.Streams;

/// <summary>
/// One client's <c>text/event-stream</c> of one or more topics: <c>retry:</c>, each topic's <c>snapshot</c>, then its
/// <c>update</c> events at most <paramref name="maxRate"/> in any second (the newest wins in between), <c>status</c> events as they come and a
/// comment after <see cref="StreamsOptions.HeartbeatInterval"/> of quiet. A client that does not take an event off its
/// connection within <see cref="StreamsOptions.SlowClientTimeout"/> is dropped; on shutdown every stream gets a
/// <c>closing</c> status and ends.
/// </summary>
public sealed partial class EventStreamResult(
    IReadOnlyList<StreamTopic> topics, StreamAdmission.Ticket ticket, string kind, int levels, int maxRate) : IResult
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    public async Task ExecuteAsync(HttpContext context)
    {
        var services = context.RequestServices;
        var options = services.GetRequiredService<IOptions<ApiOptions>>().Value.Streams;
        var hub = services.GetRequiredService<StreamHub>();
        var metrics = services.GetRequiredService<StreamMetrics>();
        var time = services.GetRequiredService<TimeProvider>();
        var stopping = services.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping;
        var logger = services.GetRequiredService<ILogger<EventStreamResult>>();

        var response = context.Response;
        response.ContentType = ServerSentEvent.ContentType;
        response.Headers.CacheControl = "no-cache, no-store";
        // nginx and its kin pass each event on at once instead of buffering the answer.
        response.Headers["X-Accel-Buffering"] = "no";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        var client = new StreamClient();
        var sinks = topics.Select(t => (Topic: t, Sink: client.In(t))).ToList();
        var name = string.Join(',', topics.Select(t => t.Name));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, stopping);
        // The slow-client bound alone: a client that leaves ends a pending write through Kestrel anyway.
        using var write = new CancellationTokenSource();
        // When the last maxRate rounds of views went out: a new round waits until the oldest is a second old.
        var sent = new DateTimeOffset[maxRate];
        var next = 0;
        metrics.Opened(kind);
        foreach (var (topic, sink) in sinks)
        {
            topic.Add(sink);
        }

        try
        {
            await response.StartAsync(context.RequestAborted);
            await WriteAsync(ServerSentEvent.Retry(options.ReconnectDelay), "retry");
            while (true)
            {
                var offered = await client.WaitAsync(options.HeartbeatInterval, stop.Token);
                // A snapshot goes before the statuses pending with it (the state it is in); an update after them.
                var snapshotFirst = client.HasSnapshot;
                var ended = !snapshotFirst && await WriteStatusesAsync();
                if (client.HasViews)
                {
                    // At most maxRate views of a topic in any second: what arrives meanwhile replaces the pending one. A window
                    // rather than a fixed gap: writes as frequent as the rate are sent as they come, not held to a grid.
                    var wait = sent[next] + TimeSpan.FromSeconds(1) - time.GetUtcNow();
                    if (wait > TimeSpan.Zero)
                    {
                        await Task.Delay(wait, time, stop.Token);
                    }

                    foreach (var (view, snapshot) in client.TakeViews())
                    {
                        await WriteAsync(view.Event(snapshot, levels), snapshot ? "snapshot" : "update");
                    }

                    sent[next] = time.GetUtcNow();
                    next = (next + 1) % maxRate;
                }

                if (snapshotFirst)
                {
                    ended = await WriteStatusesAsync();
                }

                if (ended)
                {
                    return;
                }

                if (!offered)
                {
                    await WriteAsync(ServerSentEvent.KeepAlive, "comment");
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested && !context.RequestAborted.IsCancellationRequested)
        {
            // Shutting down: say so, so the client reconnects at once (to another replica, or this one restarted).
            var closing = new StreamStatus(name, StreamStates.Closing, "The Api is shutting down; reconnect.", time.GetUtcNow());
            try
            {
                await WriteAsync(ServerSentEvent.Encode("status", "closing", JsonSerializer.SerializeToUtf8Bytes(closing, Wire)), "status");
            }
            catch (Exception ex) when (ex is OperationCanceledException or IOException or SlowClientException)
            {
                // Gone already.
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or IOException && context.RequestAborted.IsCancellationRequested)
        {
            // The client left.
        }
        catch (SlowClientException)
        {
            metrics.Drop();
            LogSlowClient(logger, name, options.SlowClientTimeout.TotalSeconds);
            context.Abort();
        }
        finally
        {
            foreach (var (topic, sink) in sinks)
            {
                topic.Remove(sink);
                hub.Release(topic);
            }

            ticket.Dispose();
            metrics.Closed(kind);
        }

        // The pending status events; true when every topic of the stream ended.
        async Task<bool> WriteStatusesAsync()
        {
            var (statuses, ended) = client.TakeStatuses();
            foreach (var status in statuses)
            {
                await WriteAsync(status, "status");
            }

            return ended;
        }

        async Task WriteAsync(ReadOnlyMemory<byte> bytes, string type)
        {
            write.CancelAfter(options.SlowClientTimeout);
            try
            {
                await response.BodyWriter.WriteAsync(bytes, write.Token);
            }
            catch (OperationCanceledException) when (write.IsCancellationRequested)
            {
                throw new SlowClientException();
            }

            if (!write.TryReset())
            {
                throw new SlowClientException();
            }

            metrics.Sent(type);
        }
    }

    private sealed class SlowClientException : Exception;

    [LoggerMessage(Level = LogLevel.Warning, Message = "Stream of {Topic} dropped: the client took no event off its connection within {Seconds} s")]
    private static partial void LogSlowClient(ILogger logger, string topic, double seconds);
}
