using System.Diagnostics;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;
using CryptApp.Testing.Fakes.Streams;
using CryptApp.Worker.Streaming;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptApp.Tests.Infrastructure.Venues;

/// <summary>
/// One venue's <see cref="VenueStream"/> as the Worker runs it (its real client over HTTP, a real WebSocket) against the
/// fake streams, with short freshness and reconnect bounds; and the comparison of each live book with the fake's.
/// </summary>
public sealed class StreamRun : IAsyncDisposable
{
    /// <summary>Kraken is subscribed shallower than the fake's 30 levels, so levels fall out of its depth.</summary>
    public const int KrakenDepth = 10;

    private readonly CancellationTokenSource _stop = new();
    private readonly HttpClient _http;
    private readonly Task _running;

    private StreamRun(FakeStreams fakes, string venue)
    {
        Fakes = fakes;
        Venue = venue;
        var definition = VenueCatalog.Get(venue);
        var options = definition.DefaultOptions();
        options.BaseUrl = fakes.RestUrl(venue);
        // Every open instrument of the fake's listing: two or more books a venue.
        options.Symbols = "";
        options.RequestTimeout = TimeSpan.FromSeconds(3);
        options.RetryBaseDelay = TimeSpan.FromMilliseconds(50);
        options.Stream.Url = fakes.StreamUrl(venue);
        if (venue == VenueIds.Kraken)
        {
            options.Stream.Depth = KrakenDepth;
        }

        var gate = new VenueRateGate(venue, options, TimeProvider.System);
        var (client, http) = definition.CreateStandalone(options, gate);
        _http = http;
        Streaming = new StreamingOptions
        {
            StaleAfter = TimeSpan.FromSeconds(2),
            // Long enough that books left without updates while a test waits on one book are not resynced for it.
            ResyncAfter = TimeSpan.FromSeconds(15),
            ReconnectBaseDelay = TimeSpan.FromMilliseconds(50),
            ReconnectMaxDelay = TimeSpan.FromMilliseconds(500),
        };
        Stream = new VenueStream(definition, options, Streaming, client, TimeProvider.System, NullLogger.Instance);
        _running = Task.Run(() => Stream.RunAsync(_stop.Token));
    }

    public FakeStreams Fakes { get; }

    public string Venue { get; }

    public VenueStream Stream { get; }

    public StreamingOptions Streaming { get; }

    public static StreamRun Start(FakeStreams fakes, string venue) => new(fakes, venue);

    /// <summary>Under the stream's lock: what a test reads of the feed.</summary>
    public T Read<T>(Func<VenueFeed, T> read)
    {
        lock (Stream.Sync)
        {
            return Stream.Feed is { } feed ? read(feed) : default!;
        }
    }

    /// <summary>Waits until every book is live and equal, level for level, to the fake venue's book at the depth it keeps.</summary>
    public Task WaitUntilEqualAsync(CancellationToken ct, TimeSpan? timeout = null) =>
        Eventually.That(() => AllEqual(), timeout ?? TimeSpan.FromSeconds(20), Describe, ct, TimeSpan.FromMilliseconds(20));

    /// <summary>
    /// Pushes a round of updates and waits until every book is live and equal to the venue's, pushing the next round
    /// each second they are not: the venue moves on while the test waits. A venue sends nothing for changes beyond a
    /// subscription's depth (Kraken), so a book that lost an update learns of it only from a later round's checksum,
    /// and a book no round reaches for <see cref="StreamingOptions.ResyncAfter"/> is resynced for its silence.
    /// </summary>
    public Task PushUntilEqualAsync(CancellationToken ct)
    {
        var rounds = 0;
        return Eventually.That(
            async () =>
            {
                await Fakes.PushAsync(Venue);
                rounds++;
                var pushed = Stopwatch.GetTimestamp();
                while (!AllEqual())
                {
                    if (Stopwatch.GetElapsedTime(pushed) > TimeSpan.FromSeconds(1))
                    {
                        return false;
                    }

                    await Task.Delay(20, ct);
                }

                return true;
            },
            TimeSpan.FromSeconds(20),
            () => $"after {rounds} rounds, {Describe()}",
            ct,
            TimeSpan.FromMilliseconds(1));
    }

    private bool AllEqual() => Read(feed => feed.Books.Count > 0 && feed.Books.All(b => Difference(feed, b) is null));

    private string Describe() =>
        $"{Venue}: every live book to equal the venue's; {Read(feed => string.Join("; ", feed.Books.Select(b => $"{b.MarketId} {b.State} {Difference(feed, b) ?? "equal"} (last resync: {b.LastResyncReason ?? "none"})")) ?? "no feed yet")}";

    /// <summary>How the book differs from the fake's, or null when it is live and equal.</summary>
    public string? Difference(VenueFeed feed, LiveBook book)
    {
        if (book.State != BookState.Live)
        {
            return $"not live ({book.State})";
        }

        var fake = Fakes.Book(Venue, feed.StreamSymbol(book.Instrument));
        return Side(book.Bids, [.. fake.Top(true, feed.Depth)], "bids") ?? Side(book.Asks, [.. fake.Top(false, feed.Depth)], "asks");
    }

    private static string? Side(LiveBookSide side, List<KeyValuePair<decimal, decimal>> expected, string name)
    {
        if (side.Count != expected.Count)
        {
            return $"{name}: {side.Count} levels, the venue has {expected.Count}";
        }

        for (var i = 0; i < side.Count; i++)
        {
            if (side.PriceAt(i) != expected[i].Key || side.SizeAt(i) != expected[i].Value)
            {
                return $"{name}[{i}]: {side.PriceAt(i)} x {side.SizeAt(i)}, the venue has {expected[i].Key} x {expected[i].Value}";
            }
        }

        return null;
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _running.Within(Timeouts.Process, $"the {Venue} stream to stop");
        _http.Dispose();
        _stop.Dispose();
    }
}
