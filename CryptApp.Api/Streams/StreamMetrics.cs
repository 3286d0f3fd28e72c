using System.Diagnostics.Metrics;
using CryptApp.Api.Caching;

namespace CryptApp.Api.Streams;

/// <summary>The streams' instruments on the Api's meter: open streams, topics, events sent, clients refused and dropped.</summary>
public sealed class StreamMetrics
{
    private readonly Meter _meter;
    private readonly UpDownCounter<long> _open;
    private readonly Counter<long> _events;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _dropped;
    private long _openCount;

    public StreamMetrics(IMeterFactory meters)
    {
        _meter = meters.Create(CacheMetrics.MeterName);
        _open = _meter.CreateUpDownCounter<long>("cryptapp.api.streams.open", "{stream}", "Open event streams by kind (market, pair)");
        _events = _meter.CreateCounter<long>("cryptapp.api.streams.events", "{event}", "Events written to stream clients by type");
        _refused = _meter.CreateCounter<long>("cryptapp.api.streams.refused", "{stream}", "Streams answered 429 by the cap that refused them");
        _dropped = _meter.CreateCounter<long>("cryptapp.api.streams.dropped", "{stream}", "Streams closed by the Api because the client did not read");
    }

    /// <summary>Open streams in this process now.</summary>
    public long Open => Interlocked.Read(ref _openCount);

    /// <summary>Streams dropped as slow since start.</summary>
    public long Dropped { get; private set; }

    public void ObserveTopics(Func<int> topics) =>
        _meter.CreateObservableGauge("cryptapp.api.streams.topics", topics, "{topic}", "Markets and pairs this process follows for its clients");

    public void Opened(string kind)
    {
        Interlocked.Increment(ref _openCount);
        _open.Add(1, new KeyValuePair<string, object?>("kind", kind));
    }

    public void Closed(string kind)
    {
        Interlocked.Decrement(ref _openCount);
        _open.Add(-1, new KeyValuePair<string, object?>("kind", kind));
    }

    public void Sent(string type) => _events.Add(1, new KeyValuePair<string, object?>("type", type));

    public void Refused(string cap) => _refused.Add(1, new KeyValuePair<string, object?>("cap", cap));

    public void Drop()
    {
        Dropped++;
        _dropped.Add(1);
    }
}
