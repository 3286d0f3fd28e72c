using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>
/// One market's book as its venue's stream keeps it: both sides exact, the venue's sequence for it (Binance's and
/// Bybit's <c>u</c>, OKX's <c>seqId</c>), the venue's time of the last update applied and when it was received, and
/// its <see cref="BookState"/>. One feed owns it and is its only writer.
/// </summary>
public sealed class LiveBook(VenueInstrument instrument, int depth)
{
    public VenueInstrument Instrument { get; } = instrument;

    /// <summary>The market id it is stored under (<c>binance:BTC-USDT</c>).</summary>
    public string MarketId { get; } = instrument.MarketId.ToCompactString();

    /// <summary>Levels a side the venue keeps in it (the subscribed depth, or the snapshot's limit).</summary>
    public int Depth { get; set; } = depth;

    public LiveBookSide Bids { get; } = new(bids: true);

    public LiveBookSide Asks { get; } = new(bids: false);

    public BookState State { get; set; } = BookState.Connecting;

    /// <summary>The venue's sequence of the last update applied; 0 before a snapshot.</summary>
    public long Sequence { get; set; }

    /// <summary>The venue's time of the last update applied, where it sends one.</summary>
    public DateTimeOffset? VenueTime { get; set; }

    /// <summary>When the last update applied was received.</summary>
    public DateTimeOffset? ReceivedAt { get; set; }

    /// <summary>Counts every change applied; a writer compares it to tell whether the book moved since it last wrote.</summary>
    public long Version { get; private set; }

    /// <summary>Since when the freshness check has seen it wait for a snapshot; null while it is live.</summary>
    public DateTimeOffset? WaitingSince { get; set; }

    /// <summary>Why it was last resynced.</summary>
    public string? LastResyncReason { get; set; }

    /// <summary>How many times it was cleared for a resync: a writer that only samples the state still sees each one.</summary>
    public long Resyncs { get; set; }

    public bool IsCrossed => Bids.Best is { } bid && Asks.Best is { } ask && bid >= ask;

    /// <summary>Empties both sides and forgets the sequence: every snapshot starts from nothing (no ghost levels).</summary>
    public void Clear()
    {
        Bids.Clear();
        Asks.Clear();
        Sequence = 0;
        Version++;
    }

    /// <summary>Records an applied update: its sequence, the venue's time and when it came.</summary>
    public void Applied(long sequence, DateTimeOffset? venueTime, DateTimeOffset receivedAt)
    {
        Sequence = sequence;
        VenueTime = venueTime ?? VenueTime;
        ReceivedAt = receivedAt;
        Version++;
    }

    /// <summary>The book in the shape the metrics read, best first on each side, as doubles of the exact levels.</summary>
    public VenueBook ToVenueBook()
    {
        var book = new OrderBook(MarketId);
        Copy(Bids, book.Bids);
        Copy(Asks, book.Asks);
        return new VenueBook(Instrument, book, VenueTime, Depth, Bids.Count, Asks.Count);
    }

    private static void Copy(LiveBookSide side, List<BookEntry> entries)
    {
        entries.EnsureCapacity(side.Count);
        for (var i = 0; i < side.Count; i++)
        {
            entries.Add(new BookEntry((double)side.PriceAt(i), (double)side.SizeAt(i), side.OrdersAt(i)));
        }
    }
}
