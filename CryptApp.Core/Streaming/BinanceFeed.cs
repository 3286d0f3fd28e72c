using System.Text;
using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Binance spot <c>&lt;symbol&gt;@depth@100ms</c> spliced onto a REST <c>/api/v3/depth</c> snapshot by update ids, as
/// Binance's "How to manage a local order book correctly" says: events are buffered (bounded) until the snapshot is in;
/// events with <c>u</c> at or below its <c>lastUpdateId</c> are dropped; an event whose <c>U</c> is past the book's id + 1
/// means events were missed, and the book resyncs (a new snapshot). Sequences are the symbol's, not the connection's:
/// after a reconnect a book that kept its levels goes on without a snapshot when the first event follows its id.
/// Quantities are absolute; 0 removes a level.
/// </summary>
public sealed class BinanceFeed(IEnumerable<VenueInstrument> instruments, int depth)
    : VenueFeed(BinanceClient.Definition, instruments, depth)
{
    /// <summary>Events kept per book while its snapshot is fetched; more means the snapshot is too slow, and it is asked again.</summary>
    public const int MaxBuffered = 1_000;

    /// <summary>Streams named in one SUBSCRIBE; Binance allows 1,024 a connection.</summary>
    private const int StreamsPerMessage = 200;

    private readonly Dictionary<LiveBook, SyncState> _sync = new();
    private int _requestId;

    public override bool SnapshotsByRest => true;

    /// <summary>Update ids are the symbol's: an event already applied (its <c>u</c> at or below the book's id) is dropped.</summary>
    public override bool TakesOverlappingConnections => true;

    /// <summary>Binance counts every client message (pongs included) against 5 a second.</summary>
    public override TimeSpan SendInterval => TimeSpan.FromMilliseconds(250);

    public override string StreamSymbol(VenueInstrument instrument) => instrument.VenueSymbol.ToUpperInvariant();

    /// <summary>
    /// Binance's pings are WebSocket control frames, answered below the feed: a quiet book's connection would read as
    /// silent. Asking for the subscriptions every 20 s gets a frame back (one message of the 5 a second allowed).
    /// </summary>
    public override (string Message, TimeSpan Interval)? KeepAlive => ("""{"method":"LIST_SUBSCRIPTIONS","id":0}""", TimeSpan.FromSeconds(20));

    public override IReadOnlyList<string> Subscribe(IReadOnlyCollection<LiveBook> books) =>
        books.Chunk(StreamsPerMessage)
            .Select(chunk => JsonSerializer.Serialize(new
            {
                method = "SUBSCRIBE",
                @params = chunk.Select(b => $"{b.Instrument.VenueSymbol.ToLowerInvariant()}@depth@100ms").ToArray(),
                id = Interlocked.Increment(ref _requestId),
            }))
            .ToList();

    public override void Connected()
    {
        base.Connected();
        foreach (var book in Books)
        {
            // A book that kept its levels waits for an event that follows its id; the others for a snapshot.
            State(book).Buffer.Clear();
            State(book).Ahead.Clear();
            State(book).Requested = false;
        }
    }

    public override void ApplySnapshot(LiveBook book, ReadOnlySpan<byte> json, DateTimeOffset receivedAt, IFeedListener listener) =>
        ApplySnapshot(book, DepthSnapshot.Parse(json), receivedAt, listener);

    public override IReadOnlyList<LiveBook> SnapshotsWanted()
    {
        var wanted = Books.Where(b => State(b) is { Loaded: false, Requested: false }).ToList();
        foreach (var book in wanted)
        {
            State(book).Requested = true;
            book.State = BookState.Buffering;
        }

        return wanted;
    }

    /// <summary>Applies a REST snapshot to <paramref name="book"/>, then the events buffered while it was fetched.</summary>
    public void ApplySnapshot(LiveBook book, DepthSnapshot snapshot, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var sync = State(book);
        sync.Requested = false;
        book.Clear();
        foreach (var (price, size) in snapshot.Bids)
        {
            book.Bids.Set(price, size);
        }

        foreach (var (price, size) in snapshot.Asks)
        {
            book.Asks.Set(price, size);
        }

        sync.Loaded = true;
        Settle(book, snapshot.LastUpdateId, venueTime: null, receivedAt, listener);
        var buffered = sync.Buffer.ToArray();
        sync.Buffer.Clear();
        foreach (var frame in buffered)
        {
            if (!sync.Loaded)
            {
                break;
            }

            var header = ReadHeader(frame);
            OnEvent(book, frame, header, receivedAt, listener);
        }
    }

    protected override void OnFrame(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var header = ReadHeader(frame);
        if (header.Type == EventType.ServerShutdown)
        {
            listener.Rotate("serverShutdown");
            return;
        }

        if (header.Type != EventType.DepthUpdate || header.Book is null)
        {
            return;
        }

        var book = header.Book;
        var sync = State(book);
        if (!sync.Loaded)
        {
            if (sync.Buffer.Count >= MaxBuffered)
            {
                Resync(book, $"more than {MaxBuffered} events while waiting for the snapshot", listener);
                return;
            }

            sync.Buffer.Add(frame.ToArray());
            if (book.State is not (BookState.Resyncing or BookState.Buffering) || !sync.Requested)
            {
                book.State = BookState.Buffering;
            }

            if (!sync.Requested)
            {
                sync.Requested = true;
                listener.Resync(book);
            }

            return;
        }

        OnEvent(book, frame, header, receivedAt, listener);
    }

    protected override void OnCleared(LiveBook book)
    {
        var sync = State(book);
        sync.Loaded = false;
        sync.Buffer.Clear();
        sync.Ahead.Clear();
        // The feed asks for the snapshot right after clearing.
        sync.Requested = true;
    }

    private void OnEvent(LiveBook book, ReadOnlySpan<byte> frame, Header header, DateTimeOffset receivedAt, IFeedListener listener)
    {
        if (header.Last <= book.Sequence)
        {
            return;
        }

        if (header.First > book.Sequence + 1)
        {
            var sync = State(book);
            if (Overlapping && sync.Ahead.Count < MaxBuffered)
            {
                // The other connection may still deliver the events between: keep this one until they are in.
                sync.Ahead.Add(frame.ToArray());
                return;
            }

            Gap(book, $"U {header.First} after id {book.Sequence}", listener);
            return;
        }

        Apply(book, frame, header, receivedAt, listener);
        DrainAhead(book, receivedAt, listener);
    }

    public override void OverlapEnded(IFeedListener listener)
    {
        base.OverlapEnded(listener);
        foreach (var book in Books)
        {
            var ahead = State(book).Ahead;
            DrainAhead(book, DateTimeOffset.UtcNow, listener);
            if (ahead.Count > 0)
            {
                var first = ahead.Min(f => ReadHeader(f).First);
                ahead.Clear();
                Gap(book, $"U {first} after id {book.Sequence} once the replaced connection ended", listener);
            }
        }
    }

    /// <summary>Applies the events another connection ran ahead with, as far as the book's id now reaches them.</summary>
    private void DrainAhead(LiveBook book, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var ahead = State(book).Ahead;
        while (ahead.Count > 0 && book.State == BookState.Live)
        {
            ahead.RemoveAll(f => ReadHeader(f).Last <= book.Sequence);
            var next = ahead.FindIndex(f => ReadHeader(f).First <= book.Sequence + 1);
            if (next < 0)
            {
                return;
            }

            var frame = ahead[next];
            ahead.RemoveAt(next);
            Apply(book, frame, ReadHeader(frame), receivedAt, listener);
        }
    }

    private void Apply(LiveBook book, ReadOnlySpan<byte> frame, Header header, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var reader = new Utf8JsonReader(frame);
        FeedJson.Next(ref reader);
        LevelReader.ReadArraySides(reader, book, "b"u8, "a"u8);
        Settle(book, header.Last, header.EventTime, receivedAt, listener);
    }

    private Header ReadHeader(ReadOnlySpan<byte> frame)
    {
        var reader = new Utf8JsonReader(frame);
        FeedJson.Next(ref reader);
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new FormatException("expected an object");
        }

        var header = default(Header);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("e"u8))
            {
                FeedJson.Next(ref reader);
                header.Type = reader.ValueTextEquals("depthUpdate"u8) ? EventType.DepthUpdate
                    : reader.ValueTextEquals("serverShutdown"u8) ? EventType.ServerShutdown
                    : EventType.Other;
            }
            else if (reader.ValueTextEquals("E"u8))
            {
                FeedJson.Next(ref reader);
                header.EventTime = FeedJson.UnixMilliseconds(ref reader, "E");
            }
            else if (reader.ValueTextEquals("s"u8))
            {
                FeedJson.Next(ref reader);
                header.Book = Find(ref reader);
            }
            else if (reader.ValueTextEquals("U"u8))
            {
                FeedJson.Next(ref reader);
                header.First = FeedJson.Long(ref reader, "U");
            }
            else if (reader.ValueTextEquals("u"u8))
            {
                FeedJson.Next(ref reader);
                header.Last = FeedJson.Long(ref reader, "u");
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        return header;
    }

    private SyncState State(LiveBook book)
    {
        if (!_sync.TryGetValue(book, out var state))
        {
            _sync[book] = state = new SyncState();
        }

        return state;
    }

    private enum EventType
    {
        Other,
        DepthUpdate,
        ServerShutdown,
    }

    private struct Header
    {
        public EventType Type;
        public LiveBook? Book;
        public long First;
        public long Last;
        public DateTimeOffset? EventTime;
    }

    private sealed class SyncState
    {
        /// <summary>The book holds a snapshot (or the levels it kept over a reconnect) that events apply to.</summary>
        public bool Loaded;

        /// <summary>A snapshot was asked for and has not been applied yet.</summary>
        public bool Requested;

        public List<byte[]> Buffer { get; } = [];

        /// <summary>Events one connection delivered before the other delivered those between (a rotation's overlap).</summary>
        public List<byte[]> Ahead { get; } = [];
    }

    /// <summary>A REST <c>/api/v3/depth</c> answer, exact.</summary>
    public sealed record DepthSnapshot(long LastUpdateId, IReadOnlyList<(decimal Price, decimal Size)> Bids, IReadOnlyList<(decimal Price, decimal Size)> Asks)
    {
        public static DepthSnapshot Parse(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            FeedJson.Next(ref reader);
            long? id = null;
            List<(decimal, decimal)> bids = [], asks = [];
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("lastUpdateId"u8))
                {
                    FeedJson.Next(ref reader);
                    id = FeedJson.Long(ref reader, "lastUpdateId");
                }
                else if (reader.ValueTextEquals("bids"u8) || reader.ValueTextEquals("asks"u8))
                {
                    var target = reader.ValueTextEquals("bids"u8) ? bids : asks;
                    FeedJson.Next(ref reader);
                    var side = new LiveBookSide(target == bids);
                    LevelReader.ReadArrays(ref reader, side);
                    for (var i = 0; i < side.Count; i++)
                    {
                        target.Add((side.PriceAt(i), side.SizeAt(i)));
                    }
                }
                else
                {
                    FeedJson.SkipValue(ref reader);
                }
            }

            return id is { } lastUpdateId
                ? new DepthSnapshot(lastUpdateId, bids, asks)
                : throw new FormatException($"Binance depth: no lastUpdateId in {Encoding.UTF8.GetString(json[..Math.Min(json.Length, 200)])}");
        }
    }
}
