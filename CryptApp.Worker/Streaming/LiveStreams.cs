using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Streaming;

/// <summary>
/// The venues streamed by this Worker: every enabled venue whose <c>Exchanges:&lt;Venue&gt;:Stream:Enabled</c> is on,
/// each a <see cref="VenueStream"/> run until the Worker stops.
/// </summary>
public sealed class LiveStreams : BackgroundService
{
    public LiveStreams(
        IServiceProvider services,
        IOptionsMonitor<VenueOptions> venues,
        IOptions<StreamingOptions> streaming,
        TimeProvider time,
        ILoggerFactory loggers)
    {
        Streams = VenueCatalog.All
            .Select(venue => (venue, options: venues.Get(venue.Id)))
            .Where(v => v.options.Enabled && v.options.Stream.Enabled)
            .Select(v => new VenueStream(
                v.venue, v.options, streaming.Value, services.GetRequiredKeyedService<IVenueClient>(v.venue.Id), time,
                loggers.CreateLogger($"{typeof(VenueStream).FullName}.{v.venue.Name}")))
            .ToList();
    }

    public IReadOnlyList<VenueStream> Streams { get; }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Streams.Select(stream => Task.Run(() => stream.RunAsync(stoppingToken), CancellationToken.None)));

    /// <summary>The live books of every stream, each copied under its stream's lock, with what the writer needs to know.</summary>
    public IEnumerable<(VenueStream Stream, LiveBook Book)> Books() =>
        Streams.SelectMany(stream =>
        {
            lock (stream.Sync)
            {
                return stream.Feed?.Books.Select(book => (stream, book)).ToList() ?? [];
            }
        });
}
