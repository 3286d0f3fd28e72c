using System.Text.Json;
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
    private static readonly TimeSpan RetryAfterFailure = TimeSpan.FromSeconds(1);

    private readonly AsyncSignal _signal = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource<bool> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITopicSink[] _sinks = [];
    private byte[]? _statusEvent;
    private bool _completed;
    private Task _run = Task.CompletedTask;
    private int _resume;

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

    protected TimeProvider Time { get; } = time;

    public void Start() => _run = Task.Run(() => RunGuardedAsync(_stop.Token));

    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await _run;
        CompleteAll();
        _stop.Dispose();
    }

    /// <summary>
    /// Joins a client: it gets the current view as a snapshot at once, then the current state. Offers are made under the
    /// topic's lock, here and in <see cref="Publish"/> and <see cref="SetState"/>, so a client never gets an older view
    /// or state after a newer one. (A sink only takes its own lock or signals.)
    /// </summary>
    public void Add(ITopicSink sink)
    {
        lock (_sync)
        {
            _sinks = [.. _sinks, sink];
            if (Current is { } view)
            {
                sink.OfferView(view, snapshot: true);
            }

            if (_statusEvent is { } status)
            {
                sink.OfferStatus(status);
            }

            if (_completed)
            {
                sink.Complete();
            }
        }
    }

    /// <summary>Whether the topic ended (its market is gone, or it failed after its first reading): the hub makes a new one for new clients.</summary>
    public bool Ended
    {
        get
        {
            lock (_sync)
            {
                return _completed;
            }
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
    public void Signal() => _signal.Set();

    /// <summary>The store's connection dropped: changes may be missed until it is back.</summary>
    public void OnConnectionLost(string reason) => SetState(StreamStates.Unavailable, reason);

    /// <summary>The store's connection is back: read again and send every client a fresh snapshot.</summary>
    public void OnConnectionRestored()
    {
        Interlocked.Exchange(ref _resume, 1);
        Signal();
    }

    /// <summary>Takes the topic's upstream (a subscription, member topics) before the first reading.</summary>
    protected virtual Task OpenAsync() => Task.CompletedTask;

    /// <summary>Lets the upstream go once the topic stops.</summary>
    protected virtual Task CloseAsync() => Task.CompletedTask;

    /// <summary>
    /// Reads the data and publishes what changed (as a snapshot when <paramref name="snapshot"/>); false when the market
    /// or pair is gone. Throws what the store throws: a transient failure makes the topic unavailable until a reading works.
    /// </summary>
    protected abstract Task<bool> RefreshAsync(bool snapshot, CancellationToken cancellationToken);

    /// <summary>When the loop must read again though nothing was announced (the view turns stale then); null: only on a signal.</summary>
    protected virtual DateTimeOffset? WakeAt => null;

    /// <summary>A pause after each reading: changes that come meanwhile make one reading.</summary>
    protected virtual TimeSpan MinInterval => TimeSpan.Zero;

    /// <summary>Why the topic ends when its market or pair is gone.</summary>
    protected abstract string GoneReason { get; }

    protected abstract void LogReadFailed(string reason);

    /// <summary>Opens, reads once (then <paramref name="ready"/> says whether the data exists) and reads again on every signal until stopped.</summary>
    private async Task RunAsync(Action<bool> ready, CancellationToken cancellationToken)
    {
        await OpenAsync();
        try
        {
            var found = await RefreshAsync(snapshot: false, cancellationToken);
            ready(found);
            if (!found)
            {
                return;
            }

            while (!cancellationToken.IsCancellationRequested)
            {
                var now = Time.GetUtcNow();
                var wait = State == StreamStates.Unavailable ? RetryAfterFailure
                    : WakeAt is { } at && at > now ? at - now + TimeSpan.FromMilliseconds(1)
                    : (TimeSpan?)null;
                await _signal.WaitAsync(wait, cancellationToken);
                try
                {
                    if (!await RefreshAsync(Interlocked.Exchange(ref _resume, 0) == 1, cancellationToken))
                    {
                        SetState(StreamStates.Closed, GoneReason);
                        CompleteAll();
                        return;
                    }
                }
                catch (Exception ex) when (RedisFailures.IsTransient(ex) || ex is OperationCanceledException && !cancellationToken.IsCancellationRequested)
                {
                    LogReadFailed(ex.Message);
                    SetState(StreamStates.Unavailable, ex.Message);
                    Interlocked.Exchange(ref _resume, 1);
                }

                if (MinInterval > TimeSpan.Zero)
                {
                    await Task.Delay(MinInterval, Time, cancellationToken);
                }
            }
        }
        finally
        {
            await CloseAsync();
        }
    }

    /// <summary>A new view for every client, as an update or (after a loss) a snapshot.</summary>
    protected void Publish(TopicView view, bool snapshot)
    {
        lock (_sync)
        {
            Current = view;
            foreach (var sink in _sinks)
            {
                sink.OfferView(view, snapshot);
            }
        }
    }

    /// <summary>Moves to <paramref name="state"/>; every client gets a status event (a joining one, the current state after its snapshot).</summary>
    protected void SetState(string state, string? reason)
    {
        lock (_sync)
        {
            if (State == state)
            {
                return;
            }

            State = state;
            var status = new StreamStatus(Name, state, reason, Time.GetUtcNow());
            _statusEvent = ServerSentEvent.Encode("status", $"{Current?.Id ?? "0"}.{state}", JsonSerializer.SerializeToUtf8Bytes(status, Wire));
            foreach (var sink in _sinks)
            {
                sink.OfferStatus(_statusEvent);
            }
        }
    }

    /// <summary>Another topic's status event, passed on as it is (a pair passes on its members').</summary>
    protected void ForwardStatus(byte[] statusEvent)
    {
        lock (_sync)
        {
            foreach (var sink in _sinks)
            {
                sink.OfferStatus(statusEvent);
            }
        }
    }

    /// <summary>The topic ended: every client's stream ends after what it was sent.</summary>
    protected void CompleteAll()
    {
        lock (_sync)
        {
            _completed = true;
            foreach (var sink in _sinks)
            {
                sink.Complete();
            }
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
