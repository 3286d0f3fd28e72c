namespace CryptApp.Testing.Fakes.Streams;

/// <summary>What a fake stream does wrong, once, to one symbol (or, for the connection-wide ones, to its connection).</summary>
public enum FakeStreamFault
{
    None,

    /// <summary>The next update is not sent, though the book and its sequence move on.</summary>
    DropNext,

    /// <summary>The next update carries a wrong checksum (Kraken).</summary>
    WrongChecksum,

    /// <summary>A new snapshot mid-stream: Bybit's <c>u</c> = 1, OKX's <c>prevSeqId</c> -1; the client must start the book again.</summary>
    Reset,

    /// <summary>The connection is dropped without a close.</summary>
    Disconnect,

    /// <summary>Binance's <c>serverShutdown</c> event, then the connection closes.</summary>
    ServerShutdown,

    /// <summary>Book updates stop; heartbeats go on (until the fault is cleared).</summary>
    SilentHeartbeats,

    /// <summary>A frame that is not JSON goes before the next update, which follows as usual.</summary>
    Unreadable,

    /// <summary>The next REST snapshot is older than the stream (Binance: its lastUpdateId before the first buffered event).</summary>
    StaleSnapshot,

    /// <summary>The next REST snapshot is answered 429 with Retry-After.</summary>
    SnapshotTooManyRequests,

    /// <summary>The next REST snapshot is answered 418 (Binance's IP ban) with Retry-After.</summary>
    SnapshotBanned,

    /// <summary>The REST book says another size for the best bid than the stream (Bybit's <c>/v5/market/orderbook</c>), until cleared.</summary>
    RestBookDiffers,
}
