using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// OKX v5 <c>books</c> (400 levels): a snapshot (<c>prevSeqId</c> -1) then updates, each of whose <c>prevSeqId</c> must
/// be the <c>seqId</c> last applied (by identity: OKX's ids jump, and may restart lower after maintenance). Levels are
/// <c>[price, size, "0", orders]</c>, sizes absolute, "0" removes. The <c>checksum</c> field is ignored: OKX sends 0
/// since its deprecation. A gap resyncs that instrument alone. OKX closes a connection silent for 30 s, so the client
/// sends the text <c>ping</c> every 20 s.
/// </summary>
public sealed class OkxFeed(IEnumerable<VenueInstrument> instruments, int depth)
    : VenueFeed(OkxClient.Definition, instruments, depth)
{
    private const int ArgsPerMessage = 20;

    public override (string Message, TimeSpan Interval)? KeepAlive => ("ping", TimeSpan.FromSeconds(20));

    public override TimeSpan SendInterval => TimeSpan.FromMilliseconds(100);

    public override IReadOnlyList<string> Subscribe(IReadOnlyCollection<LiveBook> books) =>
        books.Chunk(ArgsPerMessage).Select(chunk => Message("subscribe", chunk)).ToList();

    public override IReadOnlyList<string> Resubscribe(LiveBook book) => [Message("unsubscribe", [book]), Message("subscribe", [book])];

    private static string Message(string op, IEnumerable<LiveBook> books) => JsonSerializer.Serialize(new
    {
        op,
        args = books.Select(b => new { channel = "books", instId = b.Instrument.VenueSymbol }).ToArray(),
    });

    protected override void OnFrame(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener)
    {
        if (frame.SequenceEqual("pong"u8))
        {
            return;
        }

        var reader = new Utf8JsonReader(frame);
        FeedJson.Next(ref reader);
        LiveBook? book = null;
        bool snapshot = false, books = false, notice = false, hasData = false;
        var data = default(Utf8JsonReader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("arg"u8))
            {
                FeedJson.Next(ref reader);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    if (reader.ValueTextEquals("channel"u8))
                    {
                        FeedJson.Next(ref reader);
                        books = reader.ValueTextEquals("books"u8);
                    }
                    else if (reader.ValueTextEquals("instId"u8))
                    {
                        FeedJson.Next(ref reader);
                        book = Find(ref reader);
                    }
                    else
                    {
                        FeedJson.SkipValue(ref reader);
                    }
                }
            }
            else if (reader.ValueTextEquals("action"u8))
            {
                FeedJson.Next(ref reader);
                snapshot = reader.ValueTextEquals("snapshot"u8);
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                FeedJson.Next(ref reader);
                notice = reader.ValueTextEquals("notice"u8);
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

        if (notice)
        {
            // OKX announces a service upgrade 30 s before it disconnects.
            listener.Rotate("notice: the venue will disconnect");
            return;
        }

        if (!books || book is null || !hasData)
        {
            return;
        }

        while (data.Read() && data.TokenType == JsonTokenType.StartObject)
        {
            OnBook(ref data, book, snapshot, receivedAt, listener);
        }
    }

    private void OnBook(ref Utf8JsonReader reader, LiveBook book, bool snapshot, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var start = reader;
        long? seqId = null, prevSeqId = null;
        DateTimeOffset? time = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("seqId"u8))
            {
                FeedJson.Next(ref reader);
                seqId = FeedJson.Long(ref reader, "seqId");
            }
            else if (reader.ValueTextEquals("prevSeqId"u8))
            {
                FeedJson.Next(ref reader);
                prevSeqId = FeedJson.Long(ref reader, "prevSeqId");
            }
            else if (reader.ValueTextEquals("ts"u8))
            {
                FeedJson.Next(ref reader);
                time = FeedJson.UnixMilliseconds(ref reader, "ts");
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        if (seqId is not { } sequence)
        {
            throw new FormatException("OKX books: no seqId");
        }

        // A snapshot, or an update that says it starts from nothing (prevSeqId -1), resets the book.
        var reset = snapshot || prevSeqId == -1;
        if (!reset)
        {
            if (book.State is not (BookState.Live or BookState.Stale))
            {
                return;
            }

            if (prevSeqId != book.Sequence)
            {
                Gap(book, $"prevSeqId {prevSeqId} after seqId {book.Sequence}", listener);
                return;
            }
        }
        else
        {
            book.Clear();
        }

        LevelReader.ReadArraySides(start, book, "bids"u8, "asks"u8, ordersIndex: 3);
        book.Bids.Truncate(Depth);
        book.Asks.Truncate(Depth);
        Settle(book, sequence, time, receivedAt, listener);
    }
}
