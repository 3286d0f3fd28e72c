namespace CryptApp.Core.Streaming;

/// <summary>A venue feed's counts since the Worker started, read by the status writer and the metrics.</summary>
public sealed class FeedCounters
{
    private long _messages;
    private long _gaps;
    private long _checksumFailures;
    private long _resyncs;
    private long _crossed;
    private long _connects;
    private long _malformed;
    private readonly double[] _lags = new double[1024];
    private int _lagCount;

    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>Updates that did not follow the last one applied (a sequence skipped).</summary>
    public long Gaps => Interlocked.Read(ref _gaps);

    public long ChecksumFailures => Interlocked.Read(ref _checksumFailures);

    /// <summary>Books cleared and asked for a new snapshot, for any reason.</summary>
    public long Resyncs => Interlocked.Read(ref _resyncs);

    /// <summary>Books found crossed (best bid at or above best ask) after an update; never published.</summary>
    public long Crossed => Interlocked.Read(ref _crossed);

    public long Connects => Interlocked.Read(ref _connects);

    /// <summary>Frames that could not be read (their book, where named, is not touched by them).</summary>
    public long Malformed => Interlocked.Read(ref _malformed);

    public DateTimeOffset? LastMessageAt { get; private set; }

    internal void Message(DateTimeOffset at)
    {
        Interlocked.Increment(ref _messages);
        LastMessageAt = at;
    }

    /// <summary>Receipt minus the venue's event time of one applied update, kept among the last 1,024.</summary>
    internal void Lag(TimeSpan lag)
    {
        lock (_lags)
        {
            _lags[_lagCount++ % _lags.Length] = Math.Max(0, lag.TotalMilliseconds);
        }
    }

    /// <summary>The p50 and p99 of the recent lags in milliseconds; null before any update with an event time.</summary>
    public (double? P50, double? P99) LagPercentiles()
    {
        double[] recent;
        lock (_lags)
        {
            recent = _lags[..Math.Min(_lagCount, _lags.Length)];
        }

        if (recent.Length == 0)
        {
            return (null, null);
        }

        Array.Sort(recent);
        return (Rank(recent, 0.50), Rank(recent, 0.99));

        static double Rank(double[] sorted, double quantile) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(quantile * sorted.Length) - 1)];
    }

    internal void Gap() => Interlocked.Increment(ref _gaps);

    internal void ChecksumFailure() => Interlocked.Increment(ref _checksumFailures);

    internal void Resync() => Interlocked.Increment(ref _resyncs);

    internal void CrossedBook() => Interlocked.Increment(ref _crossed);

    internal void MalformedFrame() => Interlocked.Increment(ref _malformed);

    internal void Connected() => Interlocked.Increment(ref _connects);
}
