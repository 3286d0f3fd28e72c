using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Bybit v5 spot <c>orderbook.{depth}.{symbol}</c>: a snapshot then deltas, levels <c>[price, size]</c>, sizes absolute,
/// "0" removes, an unknown level is inserted. Any snapshot resets the book, and so does a delta with <c>u</c> = 1 (the
/// service restarted); otherwise each delta's <c>u</c> follows the last by one, and a skip resyncs that symbol alone.
/// The event time is <c>cts</c> (the matching engine's), else <c>ts</c>. Bybit wants <c>{"op":"ping"}</c> every 20 s
/// and at most 10 topics a subscribe.
/// </summary>
public sealed class BybitFeed(IEnumerable<VenueInstrument> instruments, int depth)
    : VenueFeed(BybitClient.Definition, instruments, depth)
{
    /// <summary>The depths Bybit's spot book topic takes.</summary>
    public static readonly IReadOnlyList<int> Depths = [1, 50, 200, 1000];

    private const int ArgsPerMessage = 10;

    public override (string Message, TimeSpan Interval)? KeepAlive => ("""{"op":"ping"}""", TimeSpan.FromSeconds(20));

    public override TimeSpan SendInterval => TimeSpan.FromMilliseconds(100);

    public override IReadOnlyList<string> Subscribe(IReadOnlyCollection<LiveBook> books) =>
        books.Chunk(ArgsPerMessage).Select(chunk => Message("subscribe", chunk)).ToList();

    public override IReadOnlyList<string> Resubscribe(LiveBook book) => [Message("unsubscribe", [book]), Message("subscribe", [book])];

    private string Message(string op, IEnumerable<LiveBook> books) => JsonSerializer.Serialize(new
    {
        op,
        args = books.Select(b => $"orderbook.{Depth}.{b.Instrument.VenueSymbol}").ToArray(),
    });

    protected override void OnFrame(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var reader = new Utf8JsonReader(frame);
        FeedJson.Next(ref reader);
        bool orderbook = false, snapshot = false, hasData = false;
        DateTimeOffset? ts = null, cts = null;
        var data = default(Utf8JsonReader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("topic"u8))
            {
                FeedJson.Next(ref reader);
                orderbook = reader.ValueSpan.StartsWith("orderbook."u8);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                FeedJson.Next(ref reader);
                snapshot = reader.ValueTextEquals("snapshot"u8);
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                FeedJson.Next(ref reader);
                ts = FeedJson.UnixMilliseconds(ref reader, "ts");
            }
            else if (reader.ValueTextEquals("cts"u8))
            {
                FeedJson.Next(ref reader);
                cts = FeedJson.UnixMilliseconds(ref reader, "cts");
            }
            else if (reader.ValueTextEquals("data"u8))
            {
                FeedJson.Next(ref reader);
                data = reader;
                hasData = true;
                FeedJson.Skip(ref reader);
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        if (orderbook && hasData)
        {
            OnBook(ref data, snapshot, cts ?? ts, receivedAt, listener);
        }
    }

    private void OnBook(ref Utf8JsonReader reader, bool snapshot, DateTimeOffset? time, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var start = reader;
        LiveBook? book = null;
        long? update = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("s"u8))
            {
                FeedJson.Next(ref reader);
                book = Find(ref reader);
            }
            else if (reader.ValueTextEquals("u"u8))
            {
                FeedJson.Next(ref reader);
                update = FeedJson.Long(ref reader, "u");
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        if (book is null)
        {
            return;
        }

        if (update is not { } u)
        {
            throw new FormatException("Bybit orderbook: no u");
        }

        var reset = snapshot || u == 1;
        if (reset)
        {
            book.Clear();
        }
        else if (book.State is not (BookState.Live or BookState.Stale))
        {
            return;
        }
        else if (u != book.Sequence + 1)
        {
            Gap(book, $"u {u} after {book.Sequence}", listener);
            return;
        }

        LevelReader.ReadArraySides(start, book, "b"u8, "a"u8);
        book.Bids.Truncate(Depth);
        book.Asks.Truncate(Depth);
        Settle(book, u, time, receivedAt, listener);
    }
}
