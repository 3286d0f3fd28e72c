using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Kraken WebSocket v2 <c>book</c>: a snapshot then updates, levels as <c>{price, qty}</c> numbers; no sequence, so the
/// CRC32 of the top 10 levels (<see cref="KrakenChecksum"/>) is the only way to see a lost update. Every level of a
/// message is applied, the book is cut to the subscribed depth (levels that fall out get no removal), then the checksum
/// is compared; a mismatch resyncs that symbol alone (unsubscribe, subscribe: a new snapshot).
/// </summary>
public sealed class KrakenFeed(IEnumerable<VenueInstrument> instruments, int depth)
    : VenueFeed(KrakenClient.Definition, instruments, depth)
{
    /// <summary>The depths Kraken's book channel takes.</summary>
    public static readonly IReadOnlyList<int> Depths = [10, 25, 100, 500, 1000];

    private const int SymbolsPerMessage = 50;

    /// <summary>v2 names pairs by their ISO codes (<c>BTC/USD</c>), as the canonical pair has them.</summary>
    public override string StreamSymbol(VenueInstrument instrument) => instrument.Pair.Replace('-', '/');

    public override TimeSpan SendInterval => TimeSpan.FromMilliseconds(100);

    public override IReadOnlyList<string> Subscribe(IReadOnlyCollection<LiveBook> books) =>
        books.Chunk(SymbolsPerMessage).Select(chunk => Message("subscribe", chunk)).ToList();

    public override IReadOnlyList<string> Resubscribe(LiveBook book) => [Message("unsubscribe", [book]), Message("subscribe", [book])];

    private string Message(string method, IEnumerable<LiveBook> books) => JsonSerializer.Serialize(new
    {
        method,
        @params = new { channel = "book", symbol = books.Select(b => StreamSymbol(b.Instrument)).ToArray(), depth = Depth, snapshot = true },
    });

    protected override void OnFrame(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var reader = new Utf8JsonReader(frame);
        FeedJson.Next(ref reader);
        bool book = false, snapshot = false;
        var hasData = false;
        var data = default(Utf8JsonReader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8))
            {
                FeedJson.Next(ref reader);
                book = reader.ValueTextEquals("book"u8);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                FeedJson.Next(ref reader);
                snapshot = reader.ValueTextEquals("snapshot"u8);
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

        if (!book || !hasData)
        {
            return;
        }

        while (data.Read() && data.TokenType == JsonTokenType.StartObject)
        {
            OnBook(ref data, snapshot, receivedAt, listener);
        }
    }

    private void OnBook(ref Utf8JsonReader reader, bool snapshot, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var start = reader;
        LiveBook? book = null;
        uint? checksum = null;
        DateTimeOffset? time = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("symbol"u8))
            {
                FeedJson.Next(ref reader);
                book = Find(ref reader);
            }
            else if (reader.ValueTextEquals("checksum"u8))
            {
                FeedJson.Next(ref reader);
                checksum = (uint)FeedJson.Long(ref reader, "checksum");
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                FeedJson.Next(ref reader);
                time = FeedJson.IsoTime(ref reader, "timestamp");
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        if (book is null || (!snapshot && book.State is not (BookState.Live or BookState.Stale)))
        {
            // Not ours, or an update before its snapshot: the snapshot carries it.
            return;
        }

        if (snapshot)
        {
            book.Clear();
        }

        LevelReader.ReadObjectSides(start, book, "bids"u8, "asks"u8, "price"u8, "qty"u8);
        book.Bids.Truncate(Depth);
        book.Asks.Truncate(Depth);
        if (checksum is { } expected)
        {
            var actual = KrakenChecksum.Compute(book, book.Instrument.PriceDecimals, book.Instrument.SizeDecimals);
            if (actual != expected)
            {
                ChecksumFailed(book, $"{Venue.DisplayName} sent {expected}, the book gives {actual}", listener);
                return;
            }
        }

        Settle(book, book.Sequence + 1, time, receivedAt, listener);
    }
}
