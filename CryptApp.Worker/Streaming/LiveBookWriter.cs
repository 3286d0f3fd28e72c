using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Core.Streaming;
using CryptApp.Core.Venues;
using CryptApp.Worker.Etl;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Streaming;

/// <summary>
/// Writes each live book's views every <see cref="StreamingOptions.WriteInterval"/>, only when it changed and only while
/// it is live: the same market, book and pair figures as the REST run, with <c>source</c> "stream", <c>collectedAt</c>
/// the last applied update, the venue's event time and the lag between the two. History gets one point per market per
/// <see cref="StreamingOptions.HistoryInterval"/>. A write that fails (Redis away) is tried again on the next round.
/// </summary>
public sealed partial class LiveBookWriter(
    LiveStreams streams,
    MarketStore markets,
    IOptions<StreamingOptions> streaming,
    IOptions<EtlOptions> etl,
    TimeProvider time,
    ILogger<LiveBookWriter> logger) : BackgroundService
{
    private readonly Dictionary<LiveBook, long> _written = [];
    private readonly Dictionary<LiveBook, DateTimeOffset> _historyAt = [];
    private readonly Dictionary<LiveBook, BookState> _announced = [];
    private readonly Dictionary<LiveBook, long> _resyncsAnnounced = [];

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(streaming.Value.WriteInterval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                await WriteChangedAsync(stoppingToken);
            }
        }
        catch (OperationCanceledException)
        {
            // Stopping.
        }
    }

    /// <summary>One round: every live book that moved since it was last written.</summary>
    public async Task WriteChangedAsync(CancellationToken cancellationToken)
    {
        var due = new List<(LiveBook Book, long Version, VenueBook Copy, DateTimeOffset ReceivedAt, long Resyncs)>();
        var left = new List<(LiveBook Book, BookState State, string? Reason, long Resyncs)>();
        foreach (var stream in streams.Streams)
        {
            lock (stream.Sync)
            {
                foreach (var book in stream.Feed?.Books ?? [])
                {
                    // A written book that left the live state, or was resynced and is live again between two rounds.
                    var resynced = _resyncsAnnounced.TryGetValue(book, out var seen) && seen != book.Resyncs;
                    if (_announced.TryGetValue(book, out var was) && was == BookState.Live && (book.State != BookState.Live || resynced))
                    {
                        left.Add((book, book.State == BookState.Live ? BookState.Resyncing : book.State, book.LastResyncReason, book.Resyncs));
                    }

                    if (book.State == BookState.Live && book.ReceivedAt is { } received
                        && (!_written.TryGetValue(book, out var version) || version != book.Version))
                    {
                        due.Add((book, book.Version, book.ToVenueBook(), received, book.Resyncs));
                    }
                }
            }
        }

        // A written book that stopped being live: its streams say so at once, not only once it turns stale.
        foreach (var (book, state, reason, resyncs) in left)
        {
            try
            {
                await markets.AnnounceStateAsync(book.MarketId, state.ToString().ToLowerInvariant(), reason);
                _announced[book] = state;
                _resyncsAnnounced[book] = resyncs;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailed(book.MarketId, ex.Message);
                return;
            }
        }

        foreach (var (book, version, copy, receivedAt, resyncs) in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var lag = copy.VenueTime is { } venueTime ? (long?)Math.Max(0, (long)(receivedAt - venueTime).TotalMilliseconds) : null;
            var analysis = copy.Analyze(receivedAt, MarketSources.Stream, lag);
            var now = time.GetUtcNow();
            var withHistory = !_historyAt.TryGetValue(book, out var last) || now - last >= streaming.Value.HistoryInterval;
            try
            {
                await markets.SaveLiveAsync(analysis, etl.Value.HistoryRetention, withHistory, receivedAt + streaming.Value.StaleAfter);
                _written[book] = version;
                _announced[book] = BookState.Live;
                _resyncsAnnounced.TryAdd(book, resyncs);
                if (withHistory)
                {
                    _historyAt[book] = now;
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogWriteFailed(book.MarketId, ex.Message);
                return;
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Live book {Market} not written, tried again next round: {Reason}")]
    private partial void LogWriteFailed(string market, string reason);
}
