namespace CryptApp.Api.Streams;

/// <summary>
/// One client's place in the topics it watches (one market or pair, or a watch list of markets): per topic the newest
/// view not sent yet (latest wins: a newer one replaces it), and the status events not sent yet (the oldest dropped past
/// <see cref="MaxPendingStatuses"/>). Memory per client is bounded by that, whatever the client's speed.
/// </summary>
public sealed class StreamClient
{
    public const int MaxPendingStatuses = 64;

    private readonly Lock _sync = new();
    private readonly Queue<byte[]> _statuses = new();
    private readonly Dictionary<StreamTopic, (TopicView View, bool Snapshot)> _views = [];
    private readonly AsyncSignal _signal = new();
    private int _open;

    /// <summary>This client's sink in <paramref name="topic"/>: what the topic offers lands in the client's place for it.</summary>
    public ITopicSink In(StreamTopic topic)
    {
        Interlocked.Increment(ref _open);
        return new Sink(this, topic);
    }

    /// <summary>Waits until something is offered, or <paramref name="timeout"/> passes (false).</summary>
    public Task<bool> WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => _signal.WaitAsync(timeout, cancellationToken);

    public bool HasViews
    {
        get
        {
            lock (_sync)
            {
                return _views.Count > 0;
            }
        }
    }

    /// <summary>Whether a pending view goes as a snapshot.</summary>
    public bool HasSnapshot
    {
        get
        {
            lock (_sync)
            {
                return _views.Values.Any(v => v.Snapshot);
            }
        }
    }

    /// <summary>The pending status events, oldest first, and whether every topic it watched ended.</summary>
    public (byte[][] Statuses, bool Ended) TakeStatuses()
    {
        lock (_sync)
        {
            var statuses = _statuses.ToArray();
            _statuses.Clear();
            return (statuses, Volatile.Read(ref _open) == 0);
        }
    }

    /// <summary>Each topic's newest view not sent yet, and whether it goes as a snapshot.</summary>
    public List<(TopicView View, bool Snapshot)> TakeViews()
    {
        lock (_sync)
        {
            var taken = _views.Values.ToList();
            _views.Clear();
            return taken;
        }
    }

    private void Offer(StreamTopic topic, TopicView view, bool snapshot)
    {
        lock (_sync)
        {
            if (_views.TryGetValue(topic, out var pending))
            {
                snapshot |= pending.Snapshot;
            }

            _views[topic] = (view, snapshot);
        }

        _signal.Set();
    }

    private void OfferStatus(byte[] statusEvent)
    {
        lock (_sync)
        {
            if (_statuses.Count == MaxPendingStatuses)
            {
                _statuses.Dequeue();
            }

            _statuses.Enqueue(statusEvent);
        }

        _signal.Set();
    }

    private void Ended()
    {
        Interlocked.Decrement(ref _open);
        _signal.Set();
    }

    private sealed class Sink(StreamClient client, StreamTopic topic) : ITopicSink
    {
        private int _ended;

        public void OfferView(TopicView view, bool snapshot) => client.Offer(topic, view, snapshot);

        public void OfferStatus(byte[] statusEvent) => client.OfferStatus(statusEvent);

        public void Complete()
        {
            if (Interlocked.Exchange(ref _ended, 1) == 0)
            {
                client.Ended();
            }
        }
    }
}
