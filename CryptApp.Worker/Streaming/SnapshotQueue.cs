using System.Threading.Channels;
using CryptApp.Core.Streaming;

namespace CryptApp.Worker.Streaming;

/// <summary>The books waiting for a REST snapshot, each at most once, in the order asked.</summary>
internal sealed class SnapshotQueue
{
    private readonly Channel<LiveBook> _books = Channel.CreateUnbounded<LiveBook>();
    private readonly HashSet<LiveBook> _queued = [];

    public void Request(LiveBook book)
    {
        lock (_queued)
        {
            if (_queued.Add(book))
            {
                _books.Writer.TryWrite(book);
            }
        }
    }

    public async ValueTask<LiveBook> NextAsync(CancellationToken cancellationToken)
    {
        var book = await _books.Reader.ReadAsync(cancellationToken);
        lock (_queued)
        {
            _queued.Remove(book);
        }

        return book;
    }
}
