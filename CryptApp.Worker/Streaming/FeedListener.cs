using System.Diagnostics;
using System.Threading.Channels;
using CryptApp.Core.Streaming;

namespace CryptApp.Worker.Streaming;

/// <summary>
/// What one connection does for its feed: subscriptions go to the connection's outbox, REST snapshots to the venue's
/// snapshot queue, and a reconnect ends the connection with its reason.
/// </summary>
internal sealed class FeedListener(
    VenueFeed feed,
    Channel<OutgoingMessage> outbox,
    SnapshotQueue snapshots,
    CancellationTokenSource connection,
    Action<string> openNext,
    TimeSpan overlap,
    ActivitySource? traces = null) : IFeedListener
{
    private int _rotating;

    public string? ReconnectReason { get; private set; }

    /// <summary>A subscribe or unsubscribe message: it counts against the venue's subscribe budget where it has one.</summary>
    public void Send(string message) => Enqueue(new OutgoingMessage(message, Subscription: true));

    /// <summary>A keepalive: paced like every message, but no subscription.</summary>
    public void KeepAlive(string message) => Enqueue(new OutgoingMessage(message, Subscription: false));

    private void Enqueue(OutgoingMessage message)
    {
        if (!outbox.Writer.TryWrite(message))
        {
            Reconnect("the outbox is full");
        }
    }

    public void Resync(LiveBook book)
    {
        using (var resync = traces?.StartActivity("ResyncBook"))
        {
            resync?.SetTag("cryptapp.symbol", book.MarketId);
            resync?.SetTag("cryptapp.resync.reason", book.LastResyncReason ?? "first snapshot");
        }

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

    /// <summary>
    /// Where the feed takes two connections at once, the next one opens now and this one reads on for the overlap;
    /// elsewhere this one ends and the next is made as after any end.
    /// </summary>
    public void Rotate(string reason)
    {
        if (!feed.TakesOverlappingConnections)
        {
            Reconnect(reason);
            return;
        }

        if (Interlocked.Exchange(ref _rotating, 1) == 0)
        {
            ReconnectReason ??= $"rotated: {reason}";
            openNext(reason);
            connection.CancelAfter(overlap);
        }
    }
}

/// <summary>A message to the venue, and whether it subscribes or unsubscribes (what OKX's hourly budget counts).</summary>
internal readonly record struct OutgoingMessage(string Text, bool Subscription);
