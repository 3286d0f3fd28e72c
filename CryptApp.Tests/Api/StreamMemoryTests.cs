using CryptApp.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptApp.Tests.Api;

/// <summary>
/// Stream clients that stop reading, against the Api as its own process in Production (its defaults: a 10 s slow-client
/// bound, Kestrel's minimum data rate): each is dropped, the reading client gets every newest write, and the process's
/// resident memory (<c>/proc</c>) grows by less than half of what keeping every event for them would take (15 clients ×
/// the writes × 9 KB).
/// </summary>
public sealed class StreamMemoryTests(ApiProcess api) : IClassFixture<ApiProcess>
{
    private const int Stalled = 15;
    private const string Url = "/api/v1/markets/okx:XLM-USDT/stream?levels=100&maxRate=50";

    [Fact(Timeout = 150_000)]
    public async Task Stalled_clients_are_dropped_and_the_api_process_grows_by_less_than_half_of_their_events()
    {
        var ct = TestContext.Current.CancellationToken;
        var writes = new LiveMarketWrites(new MarketStore(api.Redis, NullLogger<MarketStore>.Instance));
        var version = 0;
        var last = await writes.WriteAsync("okx", "XLM-USDT", 600, version, TimeSpan.FromMinutes(5), levels: 100, step: 0.5);
        using var client = new HttpClient { BaseAddress = api.Api.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        await using var reading = await SseSubscription.OpenAsync(client, Url, ct);
        await reading.NextAsync(Timeouts.Request, "the snapshot", ct);

        // Warm: the Api's pools and caches at their working size before memory is read.
        for (var i = 0; i < 200; i++)
        {
            last = await writes.WriteAsync("okx", "XLM-USDT", 600 + (++version % 7), version, TimeSpan.FromMinutes(5), levels: 100, step: 0.5);
        }

        await reading.SeenAsync(e => e.Type == "update" && At(e) == last.At, Timeouts.Request, "the warm-up's last write", ct);
        var before = api.ResidentBytes;
        var stalled = new List<System.Net.Sockets.Socket>();
        try
        {
            for (var i = 0; i < Stalled; i++)
            {
                stalled.Add(await StalledClient.OpenAsync(api.Api.BaseAddress!, Url, ct));
            }

            // The kernel lists them established: the check below can see them close.
            Assert.All(stalled, s => Assert.True(StalledClient.IsEstablished(s), $"{s.LocalEndPoint} not established"));

            await Eventually.That(
                async () =>
                {
                    last = await writes.WriteAsync("okx", "XLM-USDT", 600 + (++version % 7), version, TimeSpan.FromMinutes(5), levels: 100, step: 0.5);
                    return stalled.All(s => !StalledClient.IsEstablished(s));
                },
                TimeSpan.FromSeconds(90),
                () => $"the Api to drop every stalled client; {stalled.Count(StalledClient.IsEstablished)} of {Stalled} still established after {version} writes",
                ct,
                TimeSpan.FromMilliseconds(20));
            var after = api.ResidentBytes;

            await reading.SeenAsync(e => e.Type == "update" && At(e) == last.At, Timeouts.Request, "the reading client to get the last write", ct);
            var kept = (long)Stalled * (version - 200) * 9 * 1024;
            TestContext.Current.TestOutputHelper?.WriteLine(
                $"resident memory {before >> 20} MB -> {after >> 20} MB over {version - 200} writes to {Stalled} stalled clients, all dropped");
            // Half of what keeping their events would take: a bound a server that queues per client cannot meet.
            Assert.True(
                after - before < kept / 2,
                $"resident memory {before >> 20} MB -> {after >> 20} MB over {version - 200} writes to {Stalled} stalled clients (keeping every event would be {kept >> 20} MB)");
        }
        finally
        {
            stalled.ForEach(s => s.Dispose());
        }
    }

    private static DateTimeOffset At(ReceivedEvent e) =>
        DateTimeOffset.Parse((string)e.Json["collectedAt"]!, System.Globalization.CultureInfo.InvariantCulture);
}
