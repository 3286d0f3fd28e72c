using System.Threading.Channels;

namespace CryptApp.Api.Streams;

/// <summary>A wake-up that remembers one pending set: <see cref="Set"/> from any thread, <see cref="WaitAsync"/> from one reader.</summary>
public sealed class AsyncSignal
{
    private readonly Channel<bool> _channel = Channel.CreateBounded<bool>(
        new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite, SingleReader = true });

    public void Set() => _channel.Writer.TryWrite(true);

    /// <summary>True once set (and resets it); false when <paramref name="timeout"/> (none: wait for ever) passed first.</summary>
    public async Task<bool> WaitAsync(TimeSpan? timeout, CancellationToken cancellationToken)
    {
        if (_channel.Reader.TryRead(out _))
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
            await _channel.Reader.WaitToReadAsync(timer.Token);
            return _channel.Reader.TryRead(out _);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }
}
