using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace CryptApp.Benchmarks;

/// <summary>
/// Side-by-side load with wrk (64 connections, 127.0.0.1, rate limiting off, Production, logs at
/// Warning), in rounds that alternate four servers over hundreds of distinct URLs each: a bare Kestrel
/// app answering a static 1.5 KB JSON (the ceiling); the Api with its caches; the Api with its output
/// cache off, so every request takes the miss path (views: one Redis round trip, the stored bytes out;
/// list pages: paged from the index HybridCache holds); and the Api with every cache off.
/// </summary>
public static partial class LoadRun
{
    private const int Connections = 64;
    private const int Threads = 2;
    private const int Markets = 100;
    private const string ApiSettingPrefix = "LOADAPI_";

    public static async Task<int> RunAsync(string[] args)
    {
        var seconds = args.Length > 1 && int.TryParse(args[1], out var s) ? s : 10;
        var rounds = args.Length > 2 && int.TryParse(args[2], out var r) ? r : 3;
        var apiDll = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "CryptApp.Api", "bin", "Release", "net10.0", "CryptApp.Api.dll"));
        if (!File.Exists(apiDll))
        {
            Console.Error.WriteLine($"Build the Api first: dotnet build -c Release CryptApp.Api ({apiDll} is missing)");
            return 1;
        }

        var random = new Random(11);
        var symbols = Enumerable.Range(0, Markets).Select(i => $"M{i:000}-USD").ToList();
        await using var environment = await BenchmarkEnvironment.StartAsync(
            symbols.ToDictionary(symbol => symbol, _ => new FakeMarket("open", FakeBook.Generate(random, 30_000, 200, 200))), TimeSpan.Zero);
        var seeded = await environment.RunOnceAsync();
        if (seeded.Counts.SymbolsSucceeded != Markets)
        {
            Console.Error.WriteLine($"Seeding collected {seeded.Counts.SymbolsSucceeded}/{Markets} markets");
            return 1;
        }

        var apiPaths = ApiPaths(symbols);
        var staticPaths = Enumerable.Range(0, apiPaths.Count).Select(i => $"/static/{i}").ToList();
        await using var bare = await StartStaticAsync();
        var cached = await StartApiAsync(apiDll, environment.RedisPort, apiPaths);
        var missPath = await StartApiAsync(apiDll, environment.RedisPort, apiPaths, ("Api__Caching__OutputCache", "false"));
        var uncached = await StartApiAsync(apiDll, environment.RedisPort, apiPaths, ("Api__Caching__Enabled", "false"));
        try
        {
            Console.WriteLine($"wrk -t{Threads} -c{Connections} -d{seconds}s --latency, round-robin over {apiPaths.Count} distinct URLs per server " +
                              $"({Markets} market details, {Markets} compat bodies, {apiPaths.Count - 2 * Markets} list pages); Api in Release, " +
                              "Production environment, logs at Warning, rate limiting off; bare = Kestrel answering a static 1.5 KB JSON.");
            // Warm up until the JIT has settled (tiered PGO recompiles hot paths after tens of thousands of calls).
            Wrk(bare.Port, staticPaths, 5);
            Wrk(cached.Port, apiPaths, 5);
            Wrk(missPath.Port, apiPaths, 5);
            Wrk(uncached.Port, apiPaths, 5);
            Console.WriteLine("| round | server | requests/s | p50 | p99 | non-2xx | × bare |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|");
            var ratios = new List<(double Hit, double Miss, double None)>();
            for (var round = 1; round <= rounds; round++)
            {
                var ceiling = Wrk(bare.Port, staticPaths, seconds);
                var hit = Wrk(cached.Port, apiPaths, seconds);
                var miss = Wrk(missPath.Port, apiPaths, seconds);
                var none = Wrk(uncached.Port, apiPaths, seconds);
                ratios.Add((hit.RequestsPerSecond / ceiling.RequestsPerSecond, miss.RequestsPerSecond / ceiling.RequestsPerSecond,
                    none.RequestsPerSecond / ceiling.RequestsPerSecond));
                foreach (var (name, result) in new[]
                         {
                             ("bare Kestrel, static JSON", ceiling), ("Api, caches on", hit), ("Api, output cache off (miss path)", miss),
                             ("Api, every cache off", none),
                         })
                {
                    Console.WriteLine(FormattableString.Invariant(
                        $"| {round} | {name} | {result.RequestsPerSecond:N0} | {result.P50} | {result.P99} | {result.Non2xx} | {result.RequestsPerSecond / ceiling.RequestsPerSecond:F2} |"));
                }
            }

            // The bare server's rate swings most from round to round on a shared machine: the median ratio is the figure.
            Console.WriteLine(FormattableString.Invariant(
                $"Median × bare over {rounds} rounds: caches on {Median(ratios.Select(x => x.Hit)):F2}, miss path {Median(ratios.Select(x => x.Miss)):F2}, every cache off {Median(ratios.Select(x => x.None)):F2}"));
            return 0;
        }
        finally
        {
            Stop(cached.Process);
            Stop(missPath.Process);
            Stop(uncached.Process);
        }
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>Market details, the original's compat bodies, and list pages of five markets under every sort.</summary>
    private static List<string> ApiPaths(IReadOnlyList<string> symbols)
    {
        string[] sorts = ["symbol", "mid", "spreadBps", "imbalance", "bidDepth2Pct", "askDepth2Pct", "bidsTotalValue"];
        return
        [
            .. symbols.Select(s => $"/api/v1/markets/{s}"),
            .. symbols.Select(s => $"/cryptos/{s}"),
            .. sorts.SelectMany(sort => Enumerable.Range(1, 3).Select(page => $"/api/v1/markets?sort={sort}&order=desc&page={page}&pageSize=5")),
        ];
    }

    private static async Task<StaticServer> StartStaticAsync()
    {
        var port = BenchmarkEnvironment.FreePort();
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var body = Encoding.UTF8.GetBytes("{\"items\":[" + string.Join(',', Enumerable.Range(0, 12).Select(i =>
            $"{{\"symbol\":\"M{i:000}-USD\",\"mid\":{30_000 + i}.5,\"spreadBps\":1.25,\"imbalance\":0.125,\"bidsCount\":200,\"asksCount\":200}}")) + "]}");
        app.MapGet("/static/{id}", (string id) => Results.Bytes(body, "application/json"));
        await app.StartAsync();
        return new StaticServer(app, port);
    }

    private sealed record StaticServer(WebApplication App, int Port) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private static async Task<(Process Process, int Port)> StartApiAsync(
        string dll, int redisPort, IReadOnlyList<string> paths, params (string Key, string Value)[] settings)
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
        start.Environment["Api__RateLimit__PermitLimit"] = "0";
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (key, value) in settings)
        {
            start.Environment[key] = value;
        }

        // LOADAPI_Api__Caching__MemoryLimitBytes=… reaches the Api as Api__Caching__MemoryLimitBytes=…: to try settings.
        foreach (var (key, value) in Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
                     .Select(e => ((string)e.Key, (string?)e.Value))
                     .Where(e => e.Item1.StartsWith(ApiSettingPrefix, StringComparison.Ordinal)))
        {
            start.Environment[key[ApiSettingPrefix.Length..]] = value;
        }

        var process = Process.Start(start)!;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        await BenchmarkEnvironment.WaitForPortAsync(port);
        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
        // Warm up: JIT, connections, and (caches on) one answer of every URL in the caches.
        foreach (var path in paths.Concat(paths))
        {
            using var response = await http.GetAsync(path);
            response.EnsureSuccessStatusCode();
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

    private sealed record Result(double RequestsPerSecond, string P50, string P99, long Non2xx);

    /// <summary>wrk with a script that walks the paths round-robin, so no single key dominates.</summary>
    private static Result Wrk(int port, IReadOnlyList<string> paths, int seconds)
    {
        var script = Path.Combine(Path.GetTempPath(), $"cryptapp-wrk-{Environment.ProcessId}-{port}.lua");
        File.WriteAllText(script,
            "local paths = {" + string.Join(",", paths.Select(p => $"\"{p}\"")) + "}\n" +
            "local i = math.random(#paths)\n" +
            "request = function()\n  i = i % #paths + 1\n  return wrk.format(\"GET\", paths[i])\nend\n");
        try
        {
            using var wrk = Process.Start(new ProcessStartInfo(
                "wrk", ["-t" + Threads, "-c" + Connections, $"-d{seconds}s", "--latency", "-s", script, $"http://127.0.0.1:{port}"])
            {
                RedirectStandardOutput = true,
            }) ?? throw new InvalidOperationException("wrk did not start (apt-get install -y wrk)");
            var output = wrk.StandardOutput.ReadToEnd();
            wrk.WaitForExit();
            var rps = double.Parse(RequestsPerSecond().Match(output).Groups[1].Value, CultureInfo.InvariantCulture);
            var non2xx = Non2xx().Match(output) is { Success: true } m ? long.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
            return new Result(rps, Percentile(output, "50%"), Percentile(output, "99%"), non2xx);
        }
        finally
        {
            File.Delete(script);
        }
    }

    private static string Percentile(string output, string percentile) =>
        Regex.Match(output, $@"^\s*{Regex.Escape(percentile)}\s+(\S+)", RegexOptions.Multiline).Groups[1].Value;

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();
}
