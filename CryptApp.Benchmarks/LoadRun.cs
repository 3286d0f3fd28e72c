using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using CryptApp.Core.Jobs;
using CryptApp.Tests.Fakes;

namespace CryptApp.Benchmarks;

/// <summary>
/// Side-by-side load with wrk (64 connections, 127.0.0.1): a cached market GET, the same on an Api
/// with caches off, and a static JSON endpoint of the same process (the framework's ceiling).
/// </summary>
public static partial class LoadRun
{
    private const int Connections = 64;
    private const int Threads = 2;

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 && int.TryParse(args[1], out var s) ? s : 15;
        var apiDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "CryptApp.Api", "bin", "Release", "net10.0", "CryptApp.Api.dll"));
        if (!File.Exists(apiDll))
        {
            Console.Error.WriteLine($"Build the Api first: dotnet build -c Release CryptApp.Api ({apiDll} is missing)");
            return 1;
        }

        var book = FakeBook.Recorded(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "rest_l3_BTC-USD_2020-05-10.json")));
        await using var environment = await BenchmarkEnvironment.StartAsync(
            new Dictionary<string, FakeMarket> { ["BTC-USD"] = new("open", book) }, TimeSpan.Zero);
        await environment.Pipeline.RunAsync("seed", RunTriggers.Manual, CancellationToken.None);

        var cached = await StartApiAsync(apiDll, environment.RedisPort, caching: true);
        var uncached = await StartApiAsync(apiDll, environment.RedisPort, caching: false);
        try
        {
            var rows = new List<(string Name, Result Result)>
            {
                ("static JSON `GET /tools/health` (ceiling)", Wrk($"http://127.0.0.1:{cached.Port}/tools/health", seconds)),
                ("cached `GET /api/v1/markets/BTC-USD`", Wrk($"http://127.0.0.1:{cached.Port}/api/v1/markets/BTC-USD", seconds)),
                ("caches off `GET /api/v1/markets/BTC-USD`", Wrk($"http://127.0.0.1:{uncached.Port}/api/v1/markets/BTC-USD", seconds)),
            };

            var ceiling = rows[0].Result.RequestsPerSecond;
            Console.WriteLine($"wrk -t{Threads} -c{Connections} -d{seconds}s --latency, Api in Release, Production environment");
            Console.WriteLine("| endpoint | requests/s | p50 | p99 | × static |");
            Console.WriteLine("|---|---:|---:|---:|---:|");
            foreach (var (name, result) in rows)
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"| {name} | {result.RequestsPerSecond:N0} | {result.P50} | {result.P99} | {result.RequestsPerSecond / ceiling:F2} |"));
            }

            return 0;
        }
        finally
        {
            Stop(cached.Process);
            Stop(uncached.Process);
        }
    }

    private static async Task<(Process Process, int Port)> StartApiAsync(string dll, int redisPort, bool caching)
    {
        var port = BenchmarkEnvironment.FreePort();
        var start = new ProcessStartInfo("dotnet", [dll, "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(dll)!,
        };
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        start.Environment["ConnectionStrings__cache"] = $"127.0.0.1:{redisPort}";
        start.Environment["Api__Caching__Enabled"] = caching ? "true" : "false";
        start.Environment["Api__RateLimit__PermitLimit"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await BenchmarkEnvironment.WaitForPortAsync(port);
        using var http = new HttpClient();
        // Warm up: JIT, connections, and the caches of the cached instance.
        for (var i = 0; i < 200; i++)
        {
            await http.GetStringAsync($"http://127.0.0.1:{port}/api/v1/markets/BTC-USD");
        }

        return (process, port);
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill();
            process.WaitForExit(10_000);
        }
    }

    private sealed record Result(double RequestsPerSecond, string P50, string P99);

    private static Result Wrk(string url, int seconds)
    {
        using var wrk = Process.Start(new ProcessStartInfo("wrk", ["-t" + Threads, "-c" + Connections, $"-d{seconds}s", "--latency", url])
        {
            RedirectStandardOutput = true,
        }) ?? throw new InvalidOperationException("wrk did not start (apt-get install -y wrk)");
        var output = wrk.StandardOutput.ReadToEnd();
        wrk.WaitForExit();
        var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
        return new Result(rps, Percentile(output, "50%"), Percentile(output, "99%"));
    }

    private static string Percentile(string output, string percentile) =>
        Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();
}
