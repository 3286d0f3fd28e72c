using System.Diagnostics;
using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using CryptApp.Testing.Fakes.Streams;
using CryptApp.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CryptApp.Benchmarks;

/// <summary>
/// <c>age [seconds] [pushes a second]</c>: the age of what the REST Api serves for a live book. A redis-server, the fake
/// venues' streams, the Worker (in this process) streaming Bybit from them, and the Api (its Release build, Production,
/// caches on) as a process; the fake book moves <c>pushes</c> times a second while a reader asks the Api for the market
/// as fast as it answers. Age = the moment the answer is read minus the venue's event time it shows (<c>exchangeTime</c>).
/// </summary>
public static class AgeRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var rate = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 20;
        if (BenchmarkEnvironment.ReleaseApiDll() is not { } apiDll)
        {
            return 1;
        }

        var redisPort = BenchmarkEnvironment.FreePort();
        using var redis = BenchmarkEnvironment.StartRedisServer(redisPort);
        Process? api = null;
        try
        {
            await BenchmarkEnvironment.WaitForPortAsync(redisPort);
            await using var streams = await FakeStreams.StartAsync(CancellationToken.None);
            using var worker = StartWorker(redisPort, streams);
            await worker.StartAsync();
            (api, var apiPort) = await BenchmarkEnvironment.StartApiAsync(apiDll, redisPort);
            using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{apiPort}") };

            var symbol = await UntilAsync(() => Task.FromResult(streams.Subscribed("bybit").FirstOrDefault()), TimeSpan.FromSeconds(30), "Bybit subscribed");
            var path = $"/api/v1/markets/bybit:{symbol![..^4]}-{symbol[^4..]}";
            await UntilAsync(async () => (string?)(await ReadAsync(http, path))?["source"] == "stream" ? "" : null, TimeSpan.FromSeconds(30), "the market served from the stream");

            using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
            var pusher = Task.Run(async () =>
            {
                using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1.0 / rate));
                while (await timer.WaitForNextTickAsync(stop.Token).AsTask().ContinueWith(t => t.Status == TaskStatus.RanToCompletion && t.Result))
                {
                    await streams.PushAsync("bybit");
                }
            });
            var ages = new List<double>();
            while (!stop.IsCancellationRequested)
            {
                var market = await ReadAsync(http, path);
                var read = DateTimeOffset.UtcNow;
                if (market?["exchangeTime"] is { } time)
                {
                    ages.Add((read - DateTimeOffset.Parse((string)time!, CultureInfo.InvariantCulture)).TotalMilliseconds);
                }
            }

            await pusher;
            ages.Sort();
            double At(double q) => ages[Math.Min(ages.Count - 1, (int)Math.Ceiling(q * ages.Count) - 1)];
            Console.WriteLine(FormattableString.Invariant(
                $"served age over {seconds} s, book moving {rate}/s, {ages.Count:N0} answers: p50 {At(0.5):F0} ms, p99 {At(0.99):F0} ms, max {ages[^1]:F0} ms"));
            await worker.StopAsync();
            return 0;
        }
        finally
        {
            if (api is { HasExited: false })
            {
                api.Kill();
            }

            redis.Kill();
        }
    }

    private static IHost StartWorker(int redisPort, FakeStreams streams)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = $"127.0.0.1:{redisPort}",
            ["Exchanges:Blockchain:Enabled"] = "false",
            ["Exchanges:Binance:Enabled"] = "false",
            ["Exchanges:Coinbase:Enabled"] = "false",
            ["Exchanges:Kraken:Enabled"] = "false",
            ["Exchanges:Okx:Enabled"] = "false",
            ["Exchanges:Bybit:BaseUrl"] = streams.RestUrl("bybit").ToString(),
            ["Exchanges:Bybit:Symbols"] = "*",
            ["Exchanges:Bybit:Stream:Url"] = streams.StreamUrl("bybit").ToString(),
            ["Jobs:RunAtStartup"] = "false",
            ["Jobs:CollectProcessCryptos:Schedule"] = "0 0 0 1 1 ? 2099",
        });
        builder.AddApplicationServices();
        return builder.Build();
    }

    private static async Task<JsonNode?> ReadAsync(HttpClient http, string path)
    {
        using var response = await http.GetAsync(path);
        return response.IsSuccessStatusCode ? await response.Content.ReadFromJsonAsync<JsonNode>() : null;
    }

    private static async Task<T> UntilAsync<T>(Func<Task<T?>> probe, TimeSpan timeout, string what)
    {
        var deadline = DateTimeOffset.UtcNow + timeout;
        while (DateTimeOffset.UtcNow < deadline)
        {
            if (await probe() is { } value)
            {
                return value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"{what} within {timeout}");
    }
}
