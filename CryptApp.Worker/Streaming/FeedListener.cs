using System.Threading.Channels;
using CryptApp.Core.Streaming;

namespace CryptApp.Worker.Streaming;

/// <summary>
/// What one connection does for its feed: replies and resubscriptions go to the connection's outbox, REST snapshots to
/// the venue's snapshot queue, and a reconnect ends the connection with its reason.
/// </summary>
internal sealed class FeedListener(VenueFeed feed, Channel<string> outbox, SnapshotQueue snapshots, CancellationTokenSource connection) : IFeedListener
{
    public string? ReconnectReason { get; private set; }

    public void Send(string message)
    {
        if (!outbox.Writer.TryWrite(message))
        {
            Reconnect("the outbox is full");
        }
    }

    public void Resync(LiveBook book)
    {
        if (feed.SnapshotsByRest)
        {
            snapshots.Request(book);
            return;
        }

        foreach (var message in feed.Resubscribe(book))
        {
            Send(message);
        }
    }

    public void Reconnect(string reason)
    {
        ReconnectReason ??= reason;
        connection.Cancel();
    }
}
