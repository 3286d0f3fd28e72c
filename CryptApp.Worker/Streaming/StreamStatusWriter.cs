using CryptApp.Contracts.Venues;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Streaming;

/// <summary>
/// Writes the status of each venue stream this Worker owns every <see cref="StreamingOptions.StatusInterval"/>
/// (<c>GET /api/v1/exchanges</c>'s <c>stream</c>), and its metrics are read from the same counters.
/// </summary>
public sealed partial class StreamStatusWriter(
    LiveStreams streams,
    VenueStatusStore statuses,
    IOptions<StreamingOptions> streaming,
    TimeProvider time,
    ILogger<StreamStatusWriter> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(streaming.Value.StatusInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                foreach (var stream in streams.Streams.Where(s => s.Owned))
                {
                    try
                    {
                        await statuses.SaveStreamAsync(stream.Venue.Id, StatusOf(stream, time.GetUtcNow()));
                    }
                    catch (Exception ex) when (RedisFailures.IsTransient(ex))
                    {
                        LogWriteFailed(stream.Venue.Id, ex.Message);
                    }
                }
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    public static VenueStreamStatus StatusOf(VenueStream stream, DateTimeOffset now)
    {
        lock (stream.Sync)
        {
            if (stream.Feed is not { } feed)
            {
                return new VenueStreamStatus(stream.State, 0, 0, 0, 0, 0, 0, null, null, null, WorkerIdentity.Owner, now);
            }

            var (p50, p99) = feed.Counters.LagPercentiles();
            return new VenueStreamStatus(
                stream.State, feed.Counters.Connects, feed.Books.Count, feed.Books.Count(b => b.State == BookState.Live),
                feed.Counters.Resyncs, feed.Counters.Gaps, feed.Counters.ChecksumFailures, feed.Counters.LastMessageAt,
                p50, p99, WorkerIdentity.Owner, now, feed.Counters.Messages, feed.Counters.Malformed, feed.LastError);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue} stream status not written: {Reason}")]
    private partial void LogWriteFailed(string venue, string reason);
}
