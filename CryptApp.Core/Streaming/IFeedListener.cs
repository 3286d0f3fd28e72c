namespace CryptApp.Core.Streaming;

/// <summary>What a feed asks of the connection that carries it, while it reads a frame.</summary>
public interface IFeedListener
{
    /// <summary>A message the venue expects back (a pong).</summary>
    void Send(string message);

    /// <summary>The book was cleared and needs a new snapshot: resubscribe it, or fetch its REST snapshot.</summary>
    void Resync(LiveBook book);

    /// <summary>The connection itself must go: its sequence broke, or the venue is closing it.</summary>
    void Reconnect(string reason);
}
