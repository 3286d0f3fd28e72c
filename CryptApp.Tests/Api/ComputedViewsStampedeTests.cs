using System.Diagnostics.Metrics;
using CryptApp.Api.Caching;
using CryptApp.Api.Extensions;
using CryptApp.Api.Queries;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Caching.StackExchangeRedis;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace CryptApp.Tests.Api;

/// <summary>HybridCache over a real Redis: a cold view requested 100 times at once is computed once.</summary>
public sealed class ComputedViewsStampedeTests(RedisServer redis) : IClassFixture<RedisServer>
{
    [Fact]
    public async Task Hundred_concurrent_cold_requests_compute_the_view_once()
    {
        await redis.FlushAsync();
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging();
        services.AddSingleton<IConnectionMultiplexer>(redis.Connection);
        services.AddStackExchangeRedisCache(_ => { });
        services.AddOptions<RedisCacheOptions>().Configure<IConnectionMultiplexer>((o, mux) => o.ConnectionMultiplexerFactory = () => Task.FromResult(mux));
        services.AddHybridCache();
        services.AddOptions<ApiOptions>();
        services.AddSingleton<MarketStore>();
        services.AddSingleton<VenueStatusStore>();
        services.AddSingleton<CacheMetrics>();
        services.AddSingleton<ComputedViews>();
        await using var provider = services.BuildServiceProvider();

        var book = new OrderBook("BTC-USD");
        book.Bids.Add(new BookEntry(100, 1, 1));
        book.Asks.Add(new BookEntry(101, 1, 2));
        var at = DateTimeOffset.UtcNow;
        await provider.GetRequiredService<MarketStore>().SaveAsync(MarketAnalyzer.Analyze(book, at), TimeSpan.FromDays(1));

        var misses = 0;
        var hits = 0;
        // A MeterListener hears every meter in the process; other test classes running beside
        // this one count lookups on their own Api meters, so only this provider's meter counts.
        var meters = provider.GetRequiredService<IMeterFactory>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Name == CacheMetrics.LookupsName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            var result = tags.ToArray().Single(t => t.Key == "result").Value as string;
            Interlocked.Add(ref result == "miss" ? ref misses : ref hits, (int)value);
        });
        listener.Start();

        var views = provider.GetRequiredService<ComputedViews>();
        var start = Task.WhenAll(Enumerable.Range(0, 100).Select(_ => Task.Run(async () =>
            await views.HistoryAsync("BTC-USD", new HistoryQuery(at.AddHours(-1), at.AddMinutes(1), TimeSpan.FromMinutes(1)), CancellationToken.None))));
        var results = await start.Within(Timeouts.Request, "100 concurrent view requests");

        Assert.Equal(1, misses);
        Assert.Equal(99, hits);
        Assert.All(results, r => Assert.Equal(100.5, Assert.Single(r!.Buckets).Mid));
    }
}
