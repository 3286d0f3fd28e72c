using System.Diagnostics.Metrics;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Streaming;

/// <summary>
/// The venues streamed: every enabled venue whose <c>Exchanges:&lt;Venue&gt;:Stream:Enabled</c> is on, each a
/// <see cref="VenueStream"/>. Across Worker replicas each venue's stream runs on one of them, the holder of its Redis
/// lease (<see cref="StreamLeases"/>): the others poll for it. The holder renews it while it streams, stops streaming the
/// moment it cannot, and gives it back when it stops, so another replica takes the venue within a poll; a holder killed
/// without stopping loses it when its lease runs out.
/// </summary>
public sealed partial class LiveStreams : BackgroundService
{
    private readonly StreamLeases _leases;
    private readonly StreamingOptions _streaming;
    private readonly TimeProvider _time;
    private readonly ILogger<LiveStreams> _logger;

    public LiveStreams(
        IServiceProvider services,
        IOptionsMonitor<VenueOptions> venues,
        IOptions<StreamingOptions> streaming,
        StreamLeases leases,
        WorkerTelemetry telemetry,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        _leases = leases;
        _streaming = streaming.Value;
        _time = time;
        _logger = loggers.CreateLogger<LiveStreams>();
        Streams = VenueCatalog.All
            .Select(venue => (venue, options: venues.Get(venue.Id)))
            .Where(v => v.options.Enabled && v.options.Stream.Enabled)
            .Select(v => new VenueStream(
                v.venue, v.options, streaming.Value, services.GetRequiredKeyedService<IVenueClient>(v.venue.Id), time,
                loggers.CreateLogger($"{typeof(VenueStream).FullName}.{v.venue.Name}"), telemetry.Source))
            .ToList();
        Observe(telemetry.Meter);
    }

    public IReadOnlyList<VenueStream> Streams { get; }

    /// <summary>The streams' counts as metrics, by venue, read from the feeds when collected; only the owner's are non-zero.</summary>
    private void Observe(Meter meter)
    {
        meter.CreateObservableGauge("cryptapp.stream.books.live", () => Measure(f => f.Books.Count(b => b.State == BookState.Live)), "{book}", "Live books, by venue");
        meter.CreateObservableCounter("cryptapp.stream.messages", () => Measure(f => f.Counters.Messages), "{message}", "Frames received, by venue");
        meter.CreateObservableCounter("cryptapp.stream.resyncs", () => Measure(f => f.Counters.Resyncs), "{resync}", "Books cleared and asked for a new snapshot, by venue");
        meter.CreateObservableCounter("cryptapp.stream.malformed", () => Measure(f => f.Counters.Malformed), "{message}", "Frames that could not be read, by venue");
        meter.CreateObservableCounter("cryptapp.stream.gaps", () => Measure(f => f.Counters.Gaps), "{gap}", "Updates out of sequence, by venue");
        meter.CreateObservableCounter(
            "cryptapp.stream.checksum_failures", () => Measure(f => f.Counters.ChecksumFailures), "{failure}", "Books whose checksum did not match, by venue");
        meter.CreateObservableGauge(
            "cryptapp.stream.lag.p99", () => Measure(f => f.Counters.LagPercentiles().P99 ?? 0), "ms", "p99 of receipt minus the venue's event time, recent updates, by venue");
    }

    private IEnumerable<Measurement<T>> Measure<T>(Func<VenueFeed, T> read) where T : struct
    {
        foreach (var stream in Streams)
        {
            T value;
            lock (stream.Sync)
            {
                value = stream.Feed is { } feed ? read(feed) : default;
            }

            yield return new Measurement<T>(value, new KeyValuePair<string, object?>("venue", stream.Venue.Id));
        }
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Streams.Select(stream => Task.Run(() => OwnAsync(stream, stoppingToken), CancellationToken.None)));

    /// <summary>Streams the venue whenever this Worker holds its lease, until the Worker stops.</summary>
    private async Task OwnAsync(VenueStream stream, CancellationToken stopping)
    {
        var venue = stream.Venue.Id;
        while (!stopping.IsCancellationRequested)
        {
            if (!await TryAsync(() => _leases.TryTakeAsync(venue, WorkerIdentity.Owner, _streaming.LeaseTime)))
            {
                stream.Standby();
                await WaitAsync(_streaming.LeasePoll, stopping);
                continue;
            }

            LogOwned(venue, WorkerIdentity.Owner);
            using var owned = CancellationTokenSource.CreateLinkedTokenSource(stopping);
            stream.Owned = true;
            var running = stream.RunAsync(owned.Token);
            await KeepLeaseAsync(venue, owned);
            await running;
            stream.Owned = false;
            if (stopping.IsCancellationRequested)
            {
                // Given back at once: another replica takes the venue within its poll, not after the lease runs out.
                await TryAsync(async () =>
                {
                    await _leases.ReleaseAsync(venue, WorkerIdentity.Owner);
                    return true;
                });
                LogReleased(venue);
            }
        }
    }

    /// <summary>Renews the lease every third of its length; when it is lost, or cannot be renewed before it would run out, streaming stops.</summary>
    private async Task KeepLeaseAsync(string venue, CancellationTokenSource owned)
    {
        var renewedAt = _time.GetUtcNow();
        while (!owned.IsCancellationRequested)
        {
            await WaitAsync(_streaming.LeaseTime / 3, owned.Token);
            if (owned.IsCancellationRequested)
            {
                return;
            }

            try
            {
                if (!await _leases.RenewAsync(venue, WorkerIdentity.Owner, _streaming.LeaseTime))
                {
                    LogLost(venue);
                    await owned.CancelAsync();
                    return;
                }

                renewedAt = _time.GetUtcNow();
            }
            catch (Exception ex) when (RedisFailures.IsTransient(ex))
            {
                if (_time.GetUtcNow() - renewedAt > _streaming.LeaseTime * 2 / 3)
                {
                    // Another replica may take it soon: two connections to one venue is what the lease prevents.
                    LogLost(venue);
                    await owned.CancelAsync();
                    return;
                }
            }
        }
    }

    private static async Task<bool> TryAsync(Func<Task<bool>> action)
    {
        try
        {
            return await action();
        }
        catch (Exception ex) when (RedisFailures.IsTransient(ex))
        {
            return false;
        }
    }

    private Task WaitAsync(TimeSpan delay, CancellationToken token) =>
        Task.Delay(delay, _time, token).ContinueWith(_ => { }, TaskScheduler.Default);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue} stream owned by {Owner}")]
    private partial void LogOwned(string venue, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Venue} stream lease lost; streaming stopped")]
    private partial void LogLost(string venue);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Venue} stream lease given back")]
    private partial void LogReleased(string venue);
}
