using System.Text.Json;
using System.Threading.Channels;
using CryptApp.Contracts.Streams;

namespace CryptApp.Api.Streams;

/// <summary>
/// One market or pair watched by this process: one upstream (its Redis channel, or its members' topics), one reading of
/// the data per change, pushed to every client. Created by <see cref="StreamHub"/> with its first client, stopped with
/// its last.
/// </summary>
public abstract class StreamTopic(string key, string name, TimeProvider time)
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);

    private readonly Lock _sync = new();
    private readonly Channel<bool> _signal = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITopicSink[] _sinks = [];
    private byte[]? _statusEvent;
    private bool _completed;
    private Task _run = Task.CompletedTask;

    /// <summary>The hub's key: <c>market:{ID}</c> or <c>pair:{PAIR}</c>.</summary>
    public string Key { get; } = key;

    /// <summary>The market id or pair the status events name.</summary>
    public string Name { get; } = name;

    /// <summary>Clients and member topics holding it; guarded by the hub.</summary>
    internal int References { get; set; }

    /// <summary>True once the first reading found the market or pair, false when it is unknown.</summary>
    public Task<bool> Ready => _ready.Task;

    public TopicView? Current { get; private set; }

    /// <summary>One of <see cref="StreamStates"/>; null before the first reading.</summary>
    public string? State { get; private set; }

    public int Clients => Volatile.Read(ref _sinks).Length;

    protected TimeProvider Time { get; } = time;

    public void Start() => _run = Task.Run(() => RunGuardedAsync(_stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
        CompleteAll();
    }

    /// <summary>Joins a client: it gets the current view as a snapshot at once, and the state if it is not a fresh one.</summary>
    public void Add(ITopicSink sink)
    {
        TopicView? view;
        byte[]? status;
        bool completed;
        lock (_sync)
        {
            _sinks = [.. _sinks, sink];
            (view, status, completed) = (Current, State is StreamStates.Live or StreamStates.Collected ? null : _statusEvent, _completed);
        }

        if (view is not null)
        {
            sink.OfferView(view, snapshot: true);
        }

        if (status is not null)
        {
            sink.OfferStatus(status);
        }

        if (completed)
        {
            sink.Complete();
        }
    }

    public void Remove(ITopicSink sink)
    {
        lock (_sync)
        {
            _sinks = [.. _sinks.Where(s => !ReferenceEquals(s, sink))];
        }
    }

    /// <summary>Asks the loop to read the data again.</summary>
    public void Signal() => _signal.Writer.TryWrite(true);

    /// <summary>The store's connection dropped: changes may be missed until it is back.</summary>
    public virtual void OnConnectionLost(string reason) => SetState(StreamStates.Unavailable, reason);

    /// <summary>The store's connection is back: read again and send every client a fresh snapshot.</summary>
    public abstract void OnConnectionRestored();

    /// <summary>Subscribes, reads the data once (then <paramref name="ready"/> says whether it exists) and follows changes until stopped.</summary>
    protected abstract Task RunAsync(Action<bool> ready, CancellationToken cancellationToken);

    /// <summary>Waits for a signal, or until <paramref name="timeout"/> passes; false on timeout.</summary>
    protected async Task<bool> WaitAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (_signal.Reader.TryRead(out _))
        {
            return true;
        }

        using var timer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (timeout is { } wait)
        {
            timer.CancelAfter(wait < TimeSpan.Zero ? TimeSpan.Zero : wait);
        }

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

    /// <summary>A new view for every client, as an update or (after a loss) a snapshot.</summary>
    protected void Publish(TopicView view, bool snapshot)
    {
        ITopicSink[] sinks;
        lock (_sync)
        {
            Current = view;
            sinks = _sinks;
        }

        foreach (var sink in sinks)
        {
            sink.OfferView(view, snapshot);
        }
    }

    /// <summary>Moves to <paramref name="state"/>; every client gets a status event unless it is the first state.</summary>
    protected void SetState(string state, string? reason)
    {
        ITopicSink[] sinks;
        byte[] encoded;
        bool first;
        lock (_sync)
        {
            if (State == state)
            {
                return;
            }

            first = State is null;
            State = state;
            var status = new StreamStatus(Name, state, reason, Time.GetUtcNow());
            encoded = _statusEvent = ServerSentEvent.Encode(
                "status", $"{Current?.Id ?? "0"}.{state}", JsonSerializer.SerializeToUtf8Bytes(status, Wire));
            sinks = _sinks;
        }

        if (!first)
        {
            Forward(sinks, encoded);
        }
    }

    /// <summary>Another topic's status event, passed on as it is (a pair passes on its members').</summary>
    protected void ForwardStatus(byte[] statusEvent) => Forward(Volatile.Read(ref _sinks), statusEvent);

    private static void Forward(ITopicSink[] sinks, byte[] statusEvent)
    {
        foreach (var sink in sinks)
        {
            sink.OfferStatus(statusEvent);
        }
    }

    /// <summary>The topic ended: every client's stream ends after what it was sent.</summary>
    protected void CompleteAll()
    {
        ITopicSink[] sinks;
        lock (_sync)
        {
            _completed = true;
            sinks = _sinks;
        }

        foreach (var sink in sinks)
        {
            sink.Complete();
        }
    }

    private async Task RunGuardedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await RunAsync(found => _ready.TrySetResult(found), cancellationToken);
            _ready.TrySetResult(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _ready.TrySetCanceled(cancellationToken);
        }
        catch (Exception ex)
        {
            // Before the first reading the request that created the topic gets it (Redis down is a 503); after it, the
            // clients are told and their streams end: they reconnect to a new topic.
            if (!_ready.TrySetException(ex))
            {
                SetState(StreamStates.Unavailable, ex.Message);
                CompleteAll();
            }
        }
    }
}
