namespace CryptApp.Core.Streaming;

/// <summary>What a feed asks of the connection that carries it, while it reads a frame.</summary>
public interface IFeedListener
{
    /// <summary>A message the venue expects back (a pong).</summary>
    void Send(string message);

    /// <summary>The book was cleared and needs a new snapshot: resubscribe it, or fetch its REST snapshot.</summary>
    void Resync(LiveBook book);

    /// <summary>The connection itself must go at once: its sequence broke, or the venue rejected it.</summary>
    void Reconnect(string reason);

    /// <summary>
    /// The venue will close the connection soon (Binance's <c>serverShutdown</c>, the 24-hour limit): open the next one
    /// now and let this one run out, so the books need no new snapshot where the feed can take both at once.
    /// </summary>
    void Rotate(string reason);
}
