using System.Globalization;
using System.Text.Json.Nodes;
using Aspire.Hosting.Testing;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// Each Api replica serves from its memory; a replica whose Redis connection dropped may have missed an
/// announcement, so it must drop what it holds once the connection is back.
/// </summary>
public sealed class CacheCoherenceTests(CoherenceAppHost host) : IClassFixture<CoherenceAppHost>
{
    private const string Symbol = "COHERE-USD";
    private static readonly DateTimeOffset First = new(2026, 11, 25, 8, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Second = First.AddMinutes(2);

    [Fact(Timeout = 120_000)]
    public async Task Replicas_that_missed_an_announcement_during_a_reconnect_serve_the_new_data_after_it()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))! + ",allowAdmin=true");
        var store = new MarketStore(redis, NullLogger<MarketStore>.Instance);
        await store.SaveAsync(Market(First), TimeSpan.FromDays(1));
        using var replicas = await ApiReplicas.ConnectAsync(host, 2, ct);
        foreach (var replica in replicas.Clients)
        {
            await WaitForAsync(async () => (await ReadAsync(replica, ct)).Cached, "a cached answer", ct);
        }

        // New data with no announcement, as if it was published while the replicas were disconnected.
        await store.SaveAsync(Market(Second), TimeSpan.FromDays(1));
        foreach (var replica in replicas.Clients)
        {
            Assert.Equal(First, (await ReadAsync(replica, ct)).CollectedAt);
        }

        var server = redis.GetServers().Single();
        await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "pubsub");
        await server.ExecuteAsync("CLIENT", "KILL", "TYPE", "normal", "SKIPME", "yes");

        foreach (var replica in replicas.Clients)
        {
            await WaitForAsync(async () => (await ReadAsync(replica, ct)).CollectedAt == Second, "the new data after the reconnect", ct);
        }
    }

    [Fact(Timeout = 120_000)]
    public async Task While_redis_hangs_a_replica_serves_what_its_memory_holds_and_answers_the_rest_503_without_hanging()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await ConnectionMultiplexer.ConnectAsync((await host.App.GetConnectionStringAsync("cache", ct))! + ",allowAdmin=true");
        await new MarketStore(redis, NullLogger<MarketStore>.Instance).SaveAsync(Market(First), TimeSpan.FromDays(1));
        using var replicas = await ApiReplicas.ConnectAsync(host, 2, ct);
        var replica = replicas.Clients.First();
        await WaitForAsync(async () => (await ReadAsync(replica, ct)).Cached, "a cached answer", ct);

        // Redis stops answering every client (SIGSTOP): a hung server, no announcement possible.
        bool cached;
        TimeSpan fromMemory, unavailable;
        HttpResponseMessage miss;
        using (await CacheServerProcess.PauseAsync(host.App, ct))
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            (_, cached) = await ReadAsync(replica, ct);
            fromMemory = clock.Elapsed;
            clock.Restart();
            miss = await replica.GetAsync($"/api/v1/markets/{Symbol}/book", ct);
            unavailable = clock.Elapsed;
        }

        using var missed = miss;

        Assert.True(cached, "the cached answer should come from memory (with Age)");
        // Bounds far above the Api's 1 s Redis timeout, below a hang: the proof of a memory hit is its Age header.
        Assert.True(fromMemory < TimeSpan.FromSeconds(1), $"a memory hit took {fromMemory.TotalMilliseconds:F0} ms");
        Assert.Equal(System.Net.HttpStatusCode.ServiceUnavailable, miss.StatusCode);
        Assert.NotNull(miss.Headers.RetryAfter);
        Assert.True(unavailable < TimeSpan.FromSeconds(5), $"the 503 took {unavailable.TotalMilliseconds:F0} ms");
    }

    private static MarketAnalysis Market(DateTimeOffset at)
    {
        var book = new OrderBook(Symbol);
        book.Bids.Add(new BookEntry(99, 1, 1));
        book.Asks.Add(new BookEntry(101, 1, 2));
        return MarketAnalyzer.Analyze(book, at);
    }

    private static async Task<(DateTimeOffset CollectedAt, bool Cached)> ReadAsync(HttpClient replica, CancellationToken ct)
    {
        using var response = await replica.GetAsync($"/api/v1/markets/{Symbol}", ct);
        response.EnsureSuccessStatusCode();
        var market = JsonNode.Parse(await response.Content.ReadAsStringAsync(ct))!;
        return (DateTimeOffset.Parse((string)market["collectedAt"]!, CultureInfo.InvariantCulture), response.Headers.Age.HasValue);
    }

    /// <summary>A replica answering 503 while it reconnects (EnsureSuccessStatusCode throws) is asked again.</summary>
    private static Task WaitForAsync(Func<Task<bool>> condition, string what, CancellationToken ct) =>
        Eventually.Value(condition, done => done, TimeSpan.FromSeconds(15), _ => what, ct, transient: ex => ex is HttpRequestException);
}
