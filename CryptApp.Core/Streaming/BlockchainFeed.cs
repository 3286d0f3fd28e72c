using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Blockchain.com Exchange <c>l2</c> over the mercury gateway (the upgrade needs <c>Origin: https://exchange.blockchain.com</c>):
/// <c>snapshot</c> then <c>updated</c> events, levels <c>{px, qty, num}</c> in no promised order, qty 0 removes. Every
/// message of the connection carries <c>seqnum</c> one past the last; on a skip the venue says to restart the
/// connection, so every book on it is cleared and the connection is made again. A <c>rejected</c> event (throttling)
/// also ends the connection. The venue sends no event time: a book's age is counted from when its update came.
/// </summary>
public sealed class BlockchainFeed(IEnumerable<VenueInstrument> instruments, int depth)
    : VenueFeed(BlockchainClient.Definition, instruments, depth)
{
    private long _lastSequence = -1;

    public override IReadOnlyDictionary<string, string> Headers { get; } = new Dictionary<string, string>
    {
        ["Origin"] = "https://exchange.blockchain.com",
    };

    /// <summary>1,200 messages a minute are allowed; one every 60 ms stays under it.</summary>
    public override TimeSpan SendInterval => TimeSpan.FromMilliseconds(60);

    public override IReadOnlyList<string> Subscribe(IReadOnlyCollection<LiveBook> books) =>
        [
            """{"action":"subscribe","channel":"heartbeat"}""",
            .. books.Select(b => Message("subscribe", b)),
        ];

    public override IReadOnlyList<string> Resubscribe(LiveBook book) => [Message("unsubscribe", book), Message("subscribe", book)];

    private static string Message(string action, LiveBook book) =>
        JsonSerializer.Serialize(new { action, channel = "l2", symbol = book.Instrument.VenueSymbol });

    public override void Connected()
    {
        base.Connected();
        _lastSequence = -1;
    }

    protected override void OnFrame(ReadOnlySpan<byte> frame, DateTimeOffset receivedAt, IFeedListener listener)
    {
        var reader = new Utf8JsonReader(frame);
        FeedJson.Next(ref reader);
        var start = reader;
        long? sequence = null;
        bool l2 = false, snapshot = false, updated = false, rejected = false;
        LiveBook? book = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("seqnum"u8))
            {
                FeedJson.Next(ref reader);
                sequence = FeedJson.Long(ref reader, "seqnum");
            }
            else if (reader.ValueTextEquals("event"u8))
            {
                FeedJson.Next(ref reader);
                snapshot = reader.ValueTextEquals("snapshot"u8);
                updated = reader.ValueTextEquals("updated"u8);
                rejected = reader.ValueTextEquals("rejected"u8);
            }
            else if (reader.ValueTextEquals("channel"u8))
            {
                FeedJson.Next(ref reader);
                l2 = reader.ValueTextEquals("l2"u8);
            }
            else if (reader.ValueTextEquals("symbol"u8))
            {
                FeedJson.Next(ref reader);
                book = Find(ref reader);
            }
            else
            {
                FeedJson.SkipValue(ref reader);
            }
        }

        if (sequence is { } seq && !FollowsConnectionSequence(seq, ref _lastSequence, "seqnum", listener))
        {
            return;
        }

        if (rejected)
        {
            listener.Reconnect("rejected by the venue");
            return;
        }

        if (!l2 || book is null || !(snapshot || (updated && book.State is BookState.Live or BookState.Stale)))
        {
            return;
        }

        if (snapshot)
        {
            book.Clear();
        }

        LevelReader.ReadObjectSides(start, book, "bids"u8, "asks"u8, "px"u8, "qty"u8, "num"u8);
        Settle(book, book.Sequence + 1, venueTime: null, receivedAt, listener);
    }
}
