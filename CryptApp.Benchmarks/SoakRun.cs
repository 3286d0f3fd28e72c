using System.Diagnostics;
using System.Globalization;
using System.Text.Json.Nodes;
using CryptApp.Testing.Fakes.Streams;
using StackExchange.Redis;

namespace CryptApp.Benchmarks;

/// <summary>
/// <c>soak [minutes] [books] [pushes a second]</c>: the Worker (its Release build, as a process) streaming Bybit's
/// <c>books</c> from the fake venue while every book moves <c>pushes</c> times a second, for <c>minutes</c>. Every
/// 30 s it prints the Worker's resident memory (VmRSS), its live books and the frames it received (its stream status in
/// Redis), and the push rate the fake reached.
/// </summary>
public static class SoakRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var minutes = args.Length > 1 ? double.Parse(args[1], CultureInfo.InvariantCulture) : 30;
        var books = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 300;
        var rate = args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 10;
        var workerDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "CryptApp.Worker", "bin", "Release", "net10.0", "CryptApp.Worker.dll"));
        if (!File.Exists(workerDll))
        {
            Console.Error.WriteLine($"Build the Worker first: dotnet build -c Release CryptApp.Worker ({workerDll} is missing)");
            return 1;
        }

        var redisPort = BenchmarkEnvironment.FreePort();
        using var redisServer = Process.Start(new ProcessStartInfo(
            "redis-server", ["--port", redisPort.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("redis-server did not start (apt-get install -y redis-server)");
        Process? worker = null;
        try
        {
            await BenchmarkEnvironment.WaitForPortAsync(redisPort);
            await using var streams = await FakeStreams.StartAsync(CancellationToken.None);
            streams.ListBybit(books);
            var start = new ProcessStartInfo("dotnet", [workerDll])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                WorkingDirectory = Path.GetDirectoryName(workerDll)!,
            };
            var settings = new Dictionary<string, string>
            {
                ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{BenchmarkEnvironment.FreePort()}",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["Logging__LogLevel__Default"] = "Warning",
                ["ConnectionStrings__cache"] = $"127.0.0.1:{redisPort}",
                ["Exchanges__Blockchain__Enabled"] = "false",
                ["Exchanges__Binance__Enabled"] = "false",
                ["Exchanges__Coinbase__Enabled"] = "false",
                ["Exchanges__Kraken__Enabled"] = "false",
                ["Exchanges__Okx__Enabled"] = "false",
                ["Exchanges__Bybit__BaseUrl"] = streams.RestUrl("bybit").ToString(),
                ["Exchanges__Bybit__Symbols"] = "*",
                ["Exchanges__Bybit__Stream__Url"] = streams.StreamUrl("bybit").ToString(),
                ["Jobs__RunAtStartup"] = "false",
                ["Jobs__CollectProcessCryptos__Schedule"] = "0 0 0 1 1 ? 2099",
            };
            foreach (var (key, value) in settings)
            {
                start.Environment[key] = value;
            }

            worker = Process.Start(start)!;
            worker.BeginOutputReadLine();
            worker.BeginErrorReadLine();
            await using var redis = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{redisPort}");
            var deadline = DateTimeOffset.UtcNow.AddSeconds(60);
            while (streams.Subscribed("bybit").Count < books && DateTimeOffset.UtcNow < deadline)
            {
                await Task.Delay(200);
            }

            Console.WriteLine($"{streams.Subscribed("bybit").Count} of {books} books subscribed; pushing every book {rate} times a second for {minutes} min");
            using var stop = new CancellationTokenSource(TimeSpan.FromMinutes(minutes));
            var pushes = 0L;
            var pusher = Task.Run(async () =>
            {
                var next = Stopwatch.GetTimestamp();
                var period = Stopwatch.Frequency / rate;
                while (!stop.IsCancellationRequested)
                {
                    await streams.PushAsync("bybit");
                    Interlocked.Increment(ref pushes);
                    next += period;
                    var wait = (next - Stopwatch.GetTimestamp()) * 1000 / Stopwatch.Frequency;
                    if (wait > 0)
                    {
                        await Task.Delay((int)wait);
                    }
                }
            });
            var started = Stopwatch.StartNew();
            Console.WriteLine("minute  rss MB  live books  frames received  pushes/s reached");
            var lastPushes = 0L;
            var lastAt = TimeSpan.Zero;
            while (!stop.IsCancellationRequested)
            {
                await Task.Delay(TimeSpan.FromSeconds(30), stop.Token).ContinueWith(_ => { }, TaskScheduler.Default);
                var status = JsonNode.Parse((string?)await redis.GetDatabase().HashGetAsync("cryptapp:streams", "bybit") ?? "{}");
                var now = started.Elapsed;
                var pushed = Interlocked.Read(ref pushes);
                Console.WriteLine(FormattableString.Invariant(
                    $"{now.TotalMinutes,6:F1}  {Rss(worker.Id),6:F0}  {(int?)status?["live"],10}  {(long?)status?["messages"] ?? 0,15}  {(pushed - lastPushes) / (now - lastAt).TotalSeconds,16:F1}"));
                (lastPushes, lastAt) = (pushed, now);
            }

            await pusher;
            return 0;
        }
        finally
        {
            if (worker is { HasExited: false })
            {
                worker.Kill();
            }

            redisServer.Kill();
        }
    }

    /// <summary>VmRSS of the process in MB.</summary>
    private static double Rss(int pid) =>
        File.ReadLines($"/proc/{pid}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal)).Split(' ', StringSplitOptions.RemoveEmptyEntries)[1]
            is var kb ? double.Parse(kb, CultureInfo.InvariantCulture) / 1024 : 0;
}
