using System.Text.Json;
using CryptApp.Api.Caching;
using CryptApp.Api.ReadModel;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace CryptApp.Api.Streams;

/// <summary>
/// The topics this process streams, one per watched market or pair whatever the number of clients: the first client
/// creates it (one Redis subscription, one reading per change), the last one leaving stops it. A dropped Redis connection
/// is told to every topic's clients; its return sends each of them a fresh snapshot.
/// </summary>
public sealed partial class StreamHub : IHostedService
{
    private readonly Dictionary<string, StreamTopic> _topics = new(StringComparer.Ordinal);
    private readonly IServiceProvider _services;
    private readonly IConnectionMultiplexer _redis;
    private readonly ILogger<StreamHub> _logger;
    private readonly JsonSerializerOptions _json;

    public StreamHub(
        IServiceProvider services, IConnectionMultiplexer redis, IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions> json, StreamMetrics metrics, ILogger<StreamHub> logger)
    {
        (_services, _redis, _logger, _json) = (services, redis, logger, json.Value.SerializerOptions);
        metrics.ObserveTopics(() => Count);
    }

    public int Count
    {
        get
        {
            lock (_topics)
            {
                return _topics.Count;
            }
        }
    }

    /// <summary>The market's topic, held until <see cref="Release"/>; null when the market is unknown.</summary>
    public Task<StreamTopic?> MarketAsync(string id, CancellationToken cancellationToken) =>
        AcquireAsync("market:" + RedisKeys.Normalize(id), () => new MarketTopic(
            id, _redis, _services.GetRequiredService<MarketStore>(), _services.GetRequiredService<ComputedViews>(),
            _services.GetRequiredService<TimeProvider>(), _services.GetRequiredService<ILogger<MarketTopic>>()), cancellationToken);

    /// <summary>The pair's topic (<paramref name="pair"/> as <see cref="QuoteEquivalence.Name"/> names it); null when no venue lists it.</summary>
    public Task<StreamTopic?> PairAsync(string pair, CancellationToken cancellationToken) =>
        AcquireAsync("pair:" + pair, () => new PairTopic(
            pair, this, _services.GetRequiredService<ComputedViews>(), _services.GetRequiredService<QuoteEquivalence>(), _json,
            _services.GetRequiredService<TimeProvider>(), _services.GetRequiredService<ILogger<PairTopic>>()), cancellationToken);

    public void Release(StreamTopic topic)
    {
        lock (_topics)
        {
            if (--topic.References > 0)
            {
                return;
            }

            if (_topics.TryGetValue(topic.Key, out var held) && ReferenceEquals(held, topic))
            {
                _topics.Remove(topic.Key);
            }
        }

        _ = topic.StopAsync();
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _redis.ConnectionFailed += OnConnectionFailed;
        _redis.ConnectionRestored += OnConnectionRestored;
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _redis.ConnectionFailed -= OnConnectionFailed;
        _redis.ConnectionRestored -= OnConnectionRestored;
        StreamTopic[] topics;
        lock (_topics)
        {
            topics = [.. _topics.Values];
            _topics.Clear();
        }

        await Task.WhenAll(topics.Select(t => t.StopAsync()));
    }

    private async Task<StreamTopic?> AcquireAsync(string key, Func<StreamTopic> create, CancellationToken cancellationToken)
    {
        StreamTopic topic;
        lock (_topics)
        {
            // A topic that ended stays with the clients it had; a new client gets a new one (and a 404 if the market is gone).
            if (!_topics.TryGetValue(key, out topic!) || topic.Ended)
            {
                topic = create();
                _topics[key] = topic;
                topic.Start();
            }

            topic.References++;
        }

        try
        {
            if (await topic.Ready.WaitAsync(cancellationToken))
            {
                return topic;
            }
        }
        catch
        {
            Release(topic);
            throw;
        }

        Release(topic);
        return null;
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        LogConnectionLost(e.ConnectionType.ToString(), e.FailureType.ToString());
        foreach (var topic in Snapshot())
        {
            topic.OnConnectionLost($"The data store connection dropped ({e.FailureType}).");
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        LogConnectionRestored(e.ConnectionType.ToString());
        foreach (var topic in Snapshot())
        {
            topic.OnConnectionRestored();
        }
    }

    private StreamTopic[] Snapshot()
    {
        lock (_topics)
        {
            return [.. _topics.Values];
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Redis connection ({Connection}) lost ({Failure}): stream clients told, snapshots follow its return")]
    private partial void LogConnectionLost(string connection, string failure);

    [LoggerMessage(Level = LogLevel.Information, Message = "Redis connection ({Connection}) restored: every stream sends a fresh snapshot")]
    private partial void LogConnectionRestored(string connection);
}
