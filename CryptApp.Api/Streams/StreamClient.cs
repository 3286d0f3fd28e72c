using System.Threading.Channels;

namespace CryptApp.Api.Streams;

/// <summary>
/// One client's place in a topic: the newest view not sent yet (latest wins: a newer one replaces it) and the status
/// events not sent yet (the oldest dropped past <see cref="MaxPendingStatuses"/>). Memory per client is bounded by
/// that, whatever the client's speed.
/// </summary>
public sealed class StreamClient : ITopicSink
{
    public const int MaxPendingStatuses = 16;

    private readonly Lock _sync = new();
    private readonly Queue<byte[]> _statuses = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private TopicView? _view;
    private bool _snapshot;
    private bool _completed;

    /// <summary>Views replaced before they were sent: what latest-wins skipped for this client.</summary>
    public long Replaced { get; private set; }

    public void OfferView(TopicView view, bool snapshot)
    {
        lock (_sync)
        {
            if (_view is not null && !ReferenceEquals(_view, view))
            {
                Replaced++;
            }

            _view = view;
            _snapshot |= snapshot;
        }

        _signal.Writer.TryWrite(true);
    }

    public void OfferStatus(byte[] statusEvent)
    {
        lock (_sync)
        {
            if (_statuses.Count == MaxPendingStatuses)
            {
                _statuses.Dequeue();
            }

            _statuses.Enqueue(statusEvent);
        }

        _signal.Writer.TryWrite(true);
    }

    public void Complete()
    {
        lock (_sync)
        {
            _completed = true;
        }

        _signal.Writer.TryWrite(true);
    }

    /// <summary>Waits until something is offered, or <paramref name="timeout"/> passes (false).</summary>
    public async Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (_signal.Reader.TryRead(out _))
        {
            return true;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timer.CancelAfter(timeout);
        try
        {
            await _signal.Reader.WaitToReadAsync(timer.Token);
            return _signal.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    public bool HasView
    {
        get
        {
            lock (_sync)
            {
                return _view is not null;
            }
        }
    }

    /// <summary>The pending status events, oldest first, and whether the topic ended.</summary>
    public (byte[][] Statuses, bool Completed) TakeStatuses()
    {
        lock (_sync)
        {
            var statuses = _statuses.ToArray();
            _statuses.Clear();
            return (statuses, _completed);
        }
    }

    /// <summary>The newest view not sent yet, and whether it goes as a snapshot.</summary>
    public (TopicView? View, bool Snapshot) TakeView()
    {
        lock (_sync)
        {
            var taken = (_view, _snapshot);
            _view = null;
            _snapshot = false;
            return taken;
        }
    }
}
