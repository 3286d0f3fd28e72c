using System.Diagnostics;
using System.Globalization;
using System.Net.ServerSentEvents;
using System.Text.Json;
using CryptApp.Core.Storage;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Benchmarks;

/// <summary>
/// <c>fanout [seconds] [clients] [markets] [writes a second] [replicas] [levels] [maxRate] [CryptApp.Api.dll]</c>: the Api's streams under many
/// clients. A redis-server, <c>replicas</c> Api processes (their Release build, Production, caps raised for one client
/// address) and, in this process, a replaying Worker that writes every market's live book <c>writes</c> times a second
/// exactly as the Worker does (<see cref="MarketStore.SaveLiveAsync"/>, which announces it), and <c>clients</c> stream
/// clients spread over the markets and over the replicas in turn (no sticky routing). Fan-out latency = when a client
/// parsed an update minus its data's <c>collectedAt</c>, which the writer sets just before it writes, so it includes the
/// write, the announcement, the Api's read and the client's parse. Every client must end with its market's last write
/// (nothing lost beyond latest-wins) and see its market's writes in order. The Api's resident memory (VmRSS) is read
/// once the clients are in and the writes flow, and at the end.
/// </summary>
public static class FanoutRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        int Arg(int index, int fallback) => args.Length > index ? int.Parse(args[index], CultureInfo.InvariantCulture) : fallback;
        var (seconds, clientCount, marketCount, rate, replicas, levels) = (Arg(1, 30), Arg(2, 1000), Arg(3, 100), Arg(4, 10), Arg(5, 1), Arg(6, 20));
        var maxRate = Arg(7, 10);
        // Another build of the Api (e.g. a baseline's) may be named last.
        if ((args.Length > 8 ? Path.GetFullPath(args[8]) : BenchmarkEnvironment.ReleaseApiDll()) is not { } apiDll)
        {
            return 1;
        }

        var redisPort = BenchmarkEnvironment.FreePort();
        using var redis = BenchmarkEnvironment.StartRedisServer(redisPort);
        var apis = new List<(Process Process, int Port)>();
        try
        {
            await BenchmarkEnvironment.WaitForPortAsync(redisPort);
            await using var connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redisPort}");
            var writes = new LiveMarketWrites(new MarketStore(connection, NullLogger<MarketStore>.Instance));
            var markets = Enumerable.Range(0, marketCount).Select(i => $"C{i:D3}-USDT").ToList();
            var last = new long[marketCount];
            for (var m = 0; m < marketCount; m++)
            {
                last[m] = (await writes.WriteAsync("okx", markets[m], 100 + m, 0, TimeSpan.FromMinutes(5))).At.UtcTicks;
            }

            for (var r = 0; r < replicas; r++)
            {
                // Every client of this run comes from 127.0.0.1.
                apis.Add(await BenchmarkEnvironment.StartApiAsync(
                    apiDll, redisPort, ("Api__Streams__MaxPerClient", "100000"), ("Api__Streams__MaxTotal", "100000")));
            }

            var handler = new SocketsHttpHandler { MaxConnectionsPerServer = int.MaxValue, PooledConnectionLifetime = Timeout.InfiniteTimeSpan };
            var https = apis.Select(a => new HttpClient(handler, disposeHandler: false) { BaseAddress = new Uri($"http://127.0.0.1:{a.Port}"), Timeout = Timeout.InfiniteTimeSpan }).ToList();
            using var stop = new CancellationTokenSource();
            var clients = Enumerable.Range(0, clientCount).Select(i => new FanoutClient(i % marketCount, (i / marketCount) % replicas)).ToList();
            var running = new List<Task>();
            foreach (var batch in clients.Chunk(50))
            {
                running.AddRange(batch.Select(c => c.RunAsync(https[c.Replica], $"/api/v1/markets/okx:{markets[c.Market]}/stream?levels={levels}&maxRate={maxRate}", stop.Token)));
                await Task.Delay(50);
            }

            await UntilAsync(() => clients.All(c => c.Snapshots > 0), TimeSpan.FromSeconds(60), () => $"{clients.Count(c => c.Snapshots > 0)} of {clientCount} clients to get their snapshot");
            Console.WriteLine($"{clientCount} clients on {marketCount} markets over {replicas} Api process(es), {levels} levels, maxRate {maxRate}, writes {rate}/s a market");

            // The replaying Worker: every market written `rate` times a second.
            var written = 0L;
            using var writing = new CancellationTokenSource();
            var writer = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
                var version = 1;
                while (await timer.WaitForNextTickAsync(writing.Token).AsTask().ContinueWith(t => t.Status == TaskStatus.RanToCompletion && t.Result))
                {
                    var v = version++;
                    await Task.WhenAll(Enumerable.Range(0, marketCount).Select(async m =>
                    {
                        last[m] = (await writes.WriteAsync("okx", markets[m], 100 + m + (v % 50 * 0.01), v, TimeSpan.FromMinutes(5))).At.UtcTicks;
                        Interlocked.Increment(ref written);
                    }));
                }
            });

            await Task.Delay(TimeSpan.FromSeconds(5));
            var rssStart = apis.Select(a => Rss(a.Process.Id)).ToList();
            var cpuStart = apis.Select(a => CpuMeter.ProcessSeconds(a.Process.Id)).ToList();
            var writtenStart = Interlocked.Read(ref written);
            foreach (var client in clients)
            {
                client.Recording = true;
            }

            var watch = Stopwatch.StartNew();
            await Task.Delay(TimeSpan.FromSeconds(seconds));
            foreach (var client in clients)
            {
                client.Recording = false;
            }

            var elapsed = watch.Elapsed.TotalSeconds;
            var writtenDuring = Interlocked.Read(ref written) - writtenStart;
            var rssEnd = apis.Select(a => Rss(a.Process.Id)).ToList();
            var cpu = apis.Select((a, i) => CpuMeter.ProcessSeconds(a.Process.Id) - cpuStart[i]).ToList();
            await writing.CancelAsync();
            await writer;

            // One last write a market, after which nothing moves: every client must end on it.
            for (var m = 0; m < marketCount; m++)
            {
                last[m] = (await writes.WriteAsync("okx", markets[m], 99, 1_000_000, TimeSpan.FromMinutes(5))).At.UtcTicks;
            }

            var finalDelivered = await UntilCountAsync(() => clients.Count(c => c.LastTicks == last[c.Market]), clientCount, TimeSpan.FromSeconds(15));
            await stop.CancelAsync();
            await Task.WhenAll(running);

            var latencies = clients.SelectMany(c => c.Latencies).ToArray();
            Array.Sort(latencies);
            double At(double q) => latencies.Length == 0 ? double.NaN : latencies[Math.Min(latencies.Length - 1, (int)Math.Ceiling(q * latencies.Length) - 1)];
            var received = clients.Sum(c => (long)c.Latencies.Count);
            var expected = writtenDuring * clientCount / marketCount;
            Console.WriteLine(FormattableString.Invariant(
                $"over {elapsed:F1} s: {writtenDuring:N0} writes ({writtenDuring / elapsed:F0}/s), {received:N0} updates received ({received / elapsed:F0}/s), {expected:N0} if none were conflated ({100.0 * (expected - received) / Math.Max(1, expected):F1} % merged by latest-wins)"));
            Console.WriteLine(FormattableString.Invariant(
                $"fan-out latency (write start -> client parsed): p50 {At(0.5):F1} ms, p99 {At(0.99):F1} ms, p99.9 {At(0.999):F1} ms, max {(latencies.Length > 0 ? latencies[^1] : double.NaN):F1} ms"));
            Console.WriteLine($"out of order: {clients.Sum(c => c.OutOfOrder)}; clients ending on their market's last write: {finalDelivered} of {clientCount}; stream errors: {clients.Sum(c => c.Errors)}");
            for (var i = 0; i < apis.Count; i++)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"api {i + 1}: RSS {rssStart[i]:F0} MB -> {rssEnd[i]:F0} MB ({rssEnd[i] - rssStart[i]:+0;-0} MB over {elapsed:F0} s), CPU {cpu[i]:F1} s ({100 * cpu[i] / elapsed:F0} % of a core)"));
            }

            return finalDelivered == clientCount && clients.Sum(c => c.OutOfOrder) == 0 ? 0 : 2;
        }
        finally
        {
            foreach (var (process, _) in apis.Where(a => !a.Process.HasExited))
            {
                process.Kill();
            }

            redis.Kill();
        }
    }

    /// <summary>VmRSS of the process in MB.</summary>
    private static double Rss(int pid) =>
        double.Parse(
            File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024;

    private static async Task UntilAsync(Func<bool> condition, TimeSpan timeout, Func<string> what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (!condition())
        {
            if (DateTimeOffset.UtcNow > deadline)
            {
                throw new TimeoutException($"{what()} within {timeout}");
            }

            await Task.Delay(100);
        }
    }

    private static async Task<int> UntilCountAsync(Func<int> count, int wanted, TimeSpan timeout)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (count() < wanted && DateTimeOffset.UtcNow < deadline)
        {
            await Task.Delay(100);
        }

        return count();
    }

    /// <summary>One stream client: parses each event's <c>collectedAt</c> straight from its UTF-8 bytes.</summary>
    private sealed class FanoutClient(int market, int replica)
    {
        public int Market { get; } = market;

        public int Replica { get; } = replica;

        public volatile bool Recording;

        public List<double> Latencies { get; } = new(4096);

        public long LastTicks;

        public int Snapshots;

        public int OutOfOrder;

        public int Errors;

        public async Task RunAsync(HttpClient http, string url, CancellationToken cancellationToken)
        {
            try
            {
                using var response = await http.GetAsync(url, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
                response.EnsureSuccessStatusCode();
                await using var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                await foreach (var item in SseParser.Create(body, (type, data) => type is "snapshot" or "update" ? CollectedAt(data) : 0).EnumerateAsync(cancellationToken))
                {
                    if (item.Data == 0)
                    {
                        continue;
                    }

                    var now = DateTimeOffset.UtcNow.UtcTicks;
                    if (item.EventType == "snapshot")
                    {
                        Interlocked.Increment(ref Snapshots);
                    }
                    else if (Recording)
                    {
                        Latencies.Add((now - item.Data) / (double)TimeSpan.TicksPerMillisecond);
                    }

                    if (item.Data < Volatile.Read(ref LastTicks))
                    {
                        OutOfOrder++;
                    }

                    Volatile.Write(ref LastTicks, item.Data);
                }
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                // Done.
            }
            catch (Exception ex) when (ex is HttpRequestException or IOException)
            {
                Interlocked.Increment(ref Errors);
            }
        }

        private static long CollectedAt(ReadOnlySpan<byte> json)
        {
            var reader = new Utf8JsonReader(json);
            while (reader.Read())
            {
                if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("collectedAt"u8))
                {
                    reader.Read();
                    return reader.GetDateTimeOffset().UtcTicks;
                }
            }

            return 0;
        }
    }
}
