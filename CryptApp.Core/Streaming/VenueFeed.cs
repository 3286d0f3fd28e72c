using System.Text;
using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// One venue's book protocol over one connection: the messages that subscribe its books, how it is kept alive, and how
/// each frame moves its <see cref="LiveBook"/>s. A feed is the only writer of its books and is driven by one
/// connection's receive loop. Every snapshot clears a book; an update out of sequence, a failed checksum or a crossed
/// book clears that book and asks for a new snapshot (<see cref="IFeedListener.Resync"/>), and a sequence that runs
/// across the whole connection asks for a new connection instead. A book serves only while <see cref="BookState.Live"/>.
/// </summary>
public abstract class VenueFeed
{
    private readonly Dictionary<string, LiveBook> _books = new(StringComparer.Ordinal);
    private readonly Dictionary<string, LiveBook>.AlternateLookup<ReadOnlySpan<char>> _lookup;

    protected VenueFeed(VenueDefinition venue, IEnumerable<VenueInstrument> instruments, int depth)
    {
        Venue = venue;
        Depth = depth;
        foreach (var instrument in instruments)
        {
            _books[StreamSymbol(instrument)] = new LiveBook(instrument, depth);
        }

        _lookup = _books.GetAlternateLookup<ReadOnlySpan<char>>();
    }

    public VenueDefinition Venue { get; }

    /// <summary>Levels a side each book is subscribed at.</summary>
    public int Depth { get; }

    public IReadOnlyCollection<LiveBook> Books => _books.Values;

    public FeedCounters Counters { get; } = new();

    /// <summary>The last frame the feed could not read, and why.</summary>
    public string? LastError { get; private set; }

    /// <summary>Headers the venue wants on the upgrade request (Blockchain.com's <c>Origin</c>).</summary>
    public virtual IReadOnlyDictionary<string, string> Headers { get; } = new Dictionary<string, string>();

    /// <summary>A keepalive the venue wants from the client and how often, where it wants one.</summary>
    public virtual (string Message, TimeSpan Interval)? KeepAlive => null;

    /// <summary>
    /// Whether the feed can take a second connection's frames beside the first's (a rotation): true where each book's
    /// sequence is the venue's, not the connection's, so frames seen twice are recognised and dropped.
    /// </summary>
    public virtual bool TakesOverlappingConnections => false;

    /// <summary>A second connection opened beside the first for a rotation: counted; the books go on as they are.</summary>
    public void Overlapped()
    {
        Counters.Connected();
        Overlapping = true;
    }

    /// <summary>The connection being replaced has ended: only the new one reads on.</summary>
    public virtual void OverlapEnded(IFeedListener listener) => Overlapping = false;

    /// <summary>Two connections read at once: one may deliver a book's update before the other delivers the one before it.</summary>
    protected bool Overlapping { get; private set; }

    /// <summary>Whether a book's snapshot comes from REST (Binance's diff stream) rather than in the stream.</summary>
    public virtual bool SnapshotsByRest => false;

    /// <summary>The least time between two messages the client sends, within the venue's message limit.</summary>
    public virtual TimeSpan SendInterval => TimeSpan.FromMilliseconds(200);

    /// <summary>The symbol the stream names the book by (<c>BTCUSDT</c>, <c>BTC/USD</c>).</summary>
    public virtual string StreamSymbol(VenueInstrument instrument) => instrument.VenueSymbol;

    /// <summary>The messages that subscribe <paramref name="books"/>, within the venue's per-message limits.</summary>
    public abstract IReadOnlyList<string> Subscribe(IReadOnlyCollection<LiveBook> books);

    /// <summary>The messages that ask one book's snapshot again: unsubscribe, then subscribe. Empty where the snapshot is REST.</summary>
    public virtual IReadOnlyList<string> Resubscribe(LiveBook book) => [];

    /// <summary>Applies a REST snapshot (the venue's JSON) to <paramref name="book"/>, where <see cref="SnapshotsByRest"/>.</summary>
    public virtual void ApplySnapshot(LiveBook book, ReadOnlySpan<byte> json, DateTimeOffset receivedAt, IFeedListener listener) =>
        throw new NotSupportedException($"{Venue.DisplayName} sends its snapshots in the stream");

    /// <summary>The books that want a REST snapshot now (a new connection's books that hold nothing to splice onto), each once.</summary>
    public virtual IReadOnlyList<LiveBook> SnapshotsWanted() => [];

    /// <summary>A new connection opened: connection-wide sequences start again and no book serves before its snapshot.</summary>
    public virtual void Connected()
    {
        Counters.Connected();
        foreach (var book in _books.Values)
        {
            book.State = BookState.Syncing;
        }
    }

    /// <summary>The connection closed: no book of it serves until it is synced again.</summary>
    public virtual void Disconnected()
    {
        foreach (var book in _books.Values)
        {
            book.State = BookState.Connecting;
        }
    }

    /// <summary>Reads one frame. A frame the feed cannot read is counted and kept as <see cref="LastError"/>; it never throws.</summary>
    public void Handle(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener)
    {
        Counters.Message(receivedAt);
        try
        {
            OnFrame(frame, receivedAt, listener);
        }
        catch (Exception ex) when (ex is JsonException or FormatException or OverflowException or InvalidOperationException)
        {
            LastError = $"unreadable frame: {ex.Message}";
            Counters.MalformedFrame();
        }
    }

    /// <summary>
    /// Marks live books whose last applied update is older than <paramref name="staleAfter"/> (by the venue's time where
    /// it sends one, else by when it came) as stale, and resyncs books stale for longer than <paramref name="resyncAfter"/>.
    /// Heartbeats do not count: only an applied update freshens a book.
    /// </summary>
    public void CheckFreshness(DateTimeOffset now, TimeSpan staleAfter, TimeSpan resyncAfter, IFeedListener listener)
    {
        foreach (var book in _books.Values)
        {
            if (book.State is not (BookState.Live or BookState.Stale) || book.ReceivedAt is not { } received)
            {
                // A book waiting for its snapshot (a subscribe lost, a splice that never came) asks again after the same bound.
                book.WaitingSince ??= now;
                if (now - book.WaitingSince > resyncAfter)
                {
                    Resync(book, $"no snapshot for {(now - book.WaitingSince.Value).TotalSeconds:0.#} s", listener);
                    book.WaitingSince = now;
                }

                continue;
            }

            book.WaitingSince = null;

            var age = now - (book.VenueTime is { } venueTime && venueTime < received ? venueTime : received);
            if (age > resyncAfter)
            {
                Resync(book, $"no update for {age.TotalSeconds:0.#} s", listener);
            }
            else if (age > staleAfter)
            {
                book.State = BookState.Stale;
            }
        }
    }

    /// <summary>A book was cleared for a resync; a feed with sync state of its own resets it here.</summary>
    protected virtual void OnCleared(LiveBook book)
    {
    }

    protected abstract void OnFrame(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener);

    /// <summary>The book the stream names <paramref name="utf8Symbol"/>, or null for a symbol not subscribed here.</summary>
    protected LiveBook? Find(ReadOnlySpan<byte> utf8Symbol)
    {
        Span<char> chars = stackalloc char[64];
        if (utf8Symbol.Length > chars.Length || !Encoding.UTF8.TryGetChars(utf8Symbol, chars, out var written))
        {
            return null;
        }

        return _lookup.TryGetValue(chars[..written], out var book) ? book : null;
    }

    /// <summary>The book named by the current string token.</summary>
    protected LiveBook? Find(ref Utf8JsonReader reader) =>
        reader.ValueIsEscaped ? (_books.TryGetValue(reader.GetString()!, out var book) ? book : null) : Find(reader.ValueSpan);

    /// <summary>Clears the book and asks for a new snapshot.</summary>
    protected void Resync(LiveBook book, string reason, IFeedListener listener)
    {
        book.Clear();
        OnCleared(book);
        book.State = BookState.Resyncing;
        book.LastResyncReason = reason;
        book.Resyncs++;
        Counters.Resync();
        listener.Resync(book);
    }

    /// <summary>An update that does not follow the last one applied: the book resyncs.</summary>
    protected void Gap(LiveBook book, string detail, IFeedListener listener)
    {
        Counters.Gap();
        Resync(book, $"gap: {detail}", listener);
    }

    /// <summary>
    /// Whether <paramref name="sequence"/> follows <paramref name="last"/> by one (or is the connection's first): where it
    /// does not, the connection's books are cleared and it is made again (<see cref="ConnectionGap"/>).
    /// </summary>
    protected bool FollowsConnectionSequence(long sequence, ref long last, string field, IFeedListener listener)
    {
        var previous = last;
        if (previous >= 0 && sequence != previous + 1)
        {
            last = -1;
            ConnectionGap($"{field} {sequence} after {previous}", listener);
            return false;
        }

        last = sequence;
        return true;
    }

    /// <summary>
    /// A sequence that runs across the whole connection skipped (Coinbase's <c>sequence_num</c>, Blockchain.com's
    /// <c>seqnum</c>): no book on it can be trusted, every one is cleared and the connection is made again.
    /// </summary>
    protected void ConnectionGap(string detail, IFeedListener listener)
    {
        Counters.Gap();
        foreach (var book in _books.Values)
        {
            book.Clear();
            OnCleared(book);
            book.State = BookState.Resyncing;
            book.LastResyncReason = $"gap: {detail}";
            book.Resyncs++;
        }

        Counters.Resync();
        listener.Reconnect($"gap: {detail}");
    }

    protected void ChecksumFailed(LiveBook book, string detail, IFeedListener listener)
    {
        Counters.ChecksumFailure();
        Resync(book, $"checksum: {detail}", listener);
    }

    /// <summary>
    /// After a snapshot or update is applied: a crossed book is never published (it resyncs); otherwise the book is live
    /// at <paramref name="sequence"/>.
    /// </summary>
    protected void Settle(LiveBook book, long sequence, DateTimeOffset? venueTime, DateTimeOffset receivedAt, IFeedListener listener)
    {
        if (book.IsCrossed)
        {
            Counters.CrossedBook();
            Resync(book, $"crossed: best bid {book.Bids.Best} at or above best ask {book.Asks.Best}", listener);
            return;
        }

        book.Applied(sequence, venueTime, receivedAt);
        if (venueTime is { } time)
        {
            Counters.Lag(receivedAt - time);
        }

        book.State = BookState.Live;
        book.WaitingSince = null;
    }
}
