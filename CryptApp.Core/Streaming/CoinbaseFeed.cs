using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Coinbase Advanced Trade <c>level2</c> (no key) with <c>heartbeats</c>: on channel <c>l2_data</c>, a <c>snapshot</c>
/// event then <c>update</c> events whose <c>updates</c> carry <c>side</c> (bid, offer), <c>price_level</c> and
/// <c>new_quantity</c> (absolute, "0" removes). Every message of the connection, on any channel, carries
/// <c>sequence_num</c> one past the last: a skip means a message was lost somewhere on the connection, so every book
/// on it is cleared and the connection is made again. Heartbeats keep the connection open but no book fresh.
/// </summary>
public sealed class CoinbaseFeed(IEnumerable<VenueInstrument> instruments, int depth)
    : VenueFeed(CoinbaseClient.Definition, instruments, depth)
{
    private const int ProductsPerMessage = 50;
    private long _lastSequence = -1;

    /// <summary>Coinbase allows 8 unauthenticated messages a second per address.</summary>
    public override TimeSpan SendInterval => TimeSpan.FromMilliseconds(150);

    public override IReadOnlyList<string> Subscribe(IReadOnlyCollection<LiveBook> books) =>
        [
            .. books.Chunk(ProductsPerMessage).Select(chunk => Message("subscribe", "level2", chunk)),
            Message("subscribe", "heartbeats", books.Take(1)),
        ];

    public override IReadOnlyList<string> Resubscribe(LiveBook book) =>
        [Message("unsubscribe", "level2", [book]), Message("subscribe", "level2", [book])];

    private static string Message(string type, string channel, IEnumerable<LiveBook> books) => JsonSerializer.Serialize(new
    {
        type,
        product_ids = books.Select(b => b.Instrument.VenueSymbol).ToArray(),
        channel,
    });

    public override void Connected()
    {
        base.Connected();
        _lastSequence = -1;
    }

    protected override void OnFrame(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var reader = new Utf8JsonReader(frame);
        FeedJson.Next(ref reader);
        bool level2 = false, hasEvents = false;
        long? sequence = null;
        DateTimeOffset? time = null;
        var events = default(Utf8JsonReader);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("channel"u8))
            {
                FeedJson.Next(ref reader);
                level2 = reader.ValueTextEquals("l2_data"u8);
            }
            else if (reader.ValueTextEquals("sequence_num"u8))
            {
                FeedJson.Next(ref reader);
                sequence = FeedJson.Long(ref reader, "sequence_num");
            }
            else if (reader.ValueTextEquals("timestamp"u8))
            {
                FeedJson.Next(ref reader);
                time = FeedJson.IsoTime(ref reader, "timestamp");
            }
            else if (reader.ValueTextEquals("events"u8))
            {
                FeedJson.Next(ref reader);
                events = reader;
                hasEvents = true;
                FeedJson.Skip(ref reader);
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        if (sequence is { } seq && !FollowsConnectionSequence(seq, ref _lastSequence, "sequence_num", listener))
        {
            return;
        }

        if (!level2 || !hasEvents)
        {
            return;
        }

        while (events.Read() && events.TokenType == JsonTokenType.StartObject)
        {
            OnEvent(ref events, time, receivedAt, listener);
        }
    }

    private void OnEvent(ref Utf8JsonReader reader, DateTimeOffset? time, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var start = reader;
        LiveBook? book = null;
        var snapshot = false;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("product_id"u8))
            {
                FeedJson.Next(ref reader);
                book = Find(ref reader);
            }
            else if (reader.ValueTextEquals("type"u8))
            {
                FeedJson.Next(ref reader);
                snapshot = reader.ValueTextEquals("snapshot"u8);
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        if (book is null || (!snapshot && book.State is not (BookState.Live or BookState.Stale)))
        {
            return;
        }

        if (snapshot)
        {
            book.Clear();
        }

        var updates = start;
        while (updates.Read() && updates.TokenType == JsonTokenType.PropertyName)
        {
            if (updates.ValueTextEquals("updates"u8))
            {
                FeedJson.Next(ref updates);
                ReadUpdates(ref updates, book);
            }
            else
            {
                FeedJson.SkipValue(ref updates);
            }
        }

        Settle(book, book.Sequence + 1, time, receivedAt, listener);
    }

    private static void ReadUpdates(ref Utf8JsonReader reader, LiveBook book)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
        {
            LiveBookSide? side = null;
            decimal? price = null, size = null;
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("side"u8))
                {
                    FeedJson.Next(ref reader);
                    side = reader.ValueTextEquals("bid"u8) ? book.Bids
                        : reader.ValueTextEquals("offer"u8) || reader.ValueTextEquals("ask"u8) ? book.Asks
                        : throw new FormatException("side: expected bid or offer");
                }
                else if (reader.ValueTextEquals("price_level"u8))
                {
                    FeedJson.Next(ref reader);
                    price = FeedJson.Decimal(ref reader, "price_level");
                }
                else if (reader.ValueTextEquals("new_quantity"u8))
                {
                    FeedJson.Next(ref reader);
                    size = FeedJson.Decimal(ref reader, "new_quantity");
                }
                else
                {
                    FeedJson.SkipValue(ref reader);
                }
            }

            if (side is null || price is null || size is null)
            {
                throw new FormatException("update without side, price_level or new_quantity");
            }

            side.Set(price.Value, size.Value);
        }
    }
}
