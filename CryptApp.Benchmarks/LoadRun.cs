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
/// Warning), in rounds that alternate the servers over hundreds of distinct URLs each: a bare Kestrel
/// app answering a static 1.5 KB JSON (the ceiling); the Api with its caches; the Api with its output
/// cache off, so every request takes the miss path (views: one Redis round trip, the stored bytes out;
/// list pages: paged from the index HybridCache holds); and the Api with every cache off. Given another
/// build of the Api, each Api mode runs on both builds in the same rounds. Each row also reports the
/// CPU seconds the server used, the requests it served per CPU second, and what the idle servers,
/// Redis, the rest of the machine and steal took in that window, so a dip is traced to its cause.
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
        // Another build of the Api (e.g. a worktree of an older commit) measured side by side in the same rounds.
        var baselineDll = args.Length > 3 ? Path.GetFullPath(args[3]) : null;
        foreach (var dll in new[] { apiDll, baselineDll }.OfType<string>().Where(dll => !File.Exists(dll)))
        {
            Console.Error.WriteLine($"Build the Api first: dotnet build -c Release CryptApp.Api ({dll} is missing)");
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
        (string Mode, (string Key, string Value)[] Settings)[] modes =
        [
            ("caches on", []),
            ("output cache off (miss path)", [("Api__Caching__OutputCache", "false")]),
            ("every cache off", [("Api__Caching__Enabled", "false")]),
        ];
        var servers = new List<Server> { new("bare Kestrel, static JSON", Environment.ProcessId, bare.Port, staticPaths) };
        var apis = new List<Process>();
        try
        {
            // Each mode of the Api next to the same mode of the baseline, so both meet the same moment of the machine.
            foreach (var (mode, settings) in modes)
            {
                foreach (var (label, dll) in new[] { ("Api", apiDll), ("baseline Api", baselineDll) })
                {
                    if (dll is null)
                    {
                        continue;
                    }

                    var (process, port) = await StartApiAsync(dll, environment.RedisPort, apiPaths, settings);
                    apis.Add(process);
                    servers.Add(new Server($"{label}, {mode}", process.Id, port, apiPaths));
                }
            }

            Console.WriteLine($"wrk -t{Threads} -c{Connections} -d{seconds}s --latency, round-robin over {apiPaths.Count} distinct URLs per server " +
                              $"({Markets} market details, {Markets} compat bodies, {apiPaths.Count - 2 * Markets} list pages); Api in Release, " +
                              "Production environment, logs at Warning, rate limiting off; bare = Kestrel answering a static 1.5 KB JSON." +
                              (baselineDll is null ? "" : $" Baseline Api: {baselineDll}."));
            // Warm up until the JIT has settled (tiered PGO recompiles hot paths after tens of thousands of calls).
            foreach (var server in servers)
            {
                Wrk(server.Port, server.Paths, 5);
            }

            Console.WriteLine("CPU seconds while each server is under load (the machine has 2 cores × the round's length): the server's own, " +
                              "its requests per CPU second, the idle servers', redis-server's, the rest (wrk, the OS, anything else), and " +
                              "steal (the hypervisor serving other machines).");
            Console.WriteLine("| round | server | requests/s | p50 | p99 | non-2xx | × bare | server CPU | requests per CPU s | idle servers CPU | Redis CPU | rest CPU | steal |");
            Console.WriteLine("|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
            var ratios = servers.Skip(1).ToDictionary(server => server.Name, _ => new List<double>());
            for (var round = 1; round <= rounds; round++)
            {
                var results = servers.Select(server => Measure(server, servers, environment.RedisProcessId, seconds)).ToList();
                var ceiling = results[0].RequestsPerSecond;
                foreach (var (server, result) in servers.Zip(results))
                {
                    ratios.GetValueOrDefault(server.Name)?.Add(result.RequestsPerSecond / ceiling);
                    var cpu = result.Cpu;
                    Console.WriteLine(FormattableString.Invariant(
                        $"| {round} | {server.Name} | {result.RequestsPerSecond:N0} | {result.P50} | {result.P99} | {result.Non2xx} | {result.RequestsPerSecond / ceiling:F2} | {cpu.Server:F1} | {result.RequestsPerSecond * seconds / cpu.Server:N0} | {cpu.IdleServers:F1} | {cpu.Redis:F1} | {cpu.Rest:F1} | {cpu.Steal:F1} |"));
                }
            }

            // The bare server's rate swings most from round to round on a shared machine: the median ratio is the figure.
            Console.WriteLine($"Median × bare over {rounds} rounds: " +
                              string.Join(", ", ratios.Select(pair => FormattableString.Invariant($"{pair.Key} {Median(pair.Value):F2}"))));
            return 0;
        }
        finally
        {
            foreach (var process in apis)
            {
                Stop(process);
            }
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
        // LOADAPI_Api__Caching__MemoryLimitBytes=… reaches the Api as Api__Caching__MemoryLimitBytes=…: to try settings.
        var tried = Environment.GetEnvironmentVariables().Cast<System.Collections.DictionaryEntry>()
            .Select(e => ((string)e.Key, (string?)e.Value ?? string.Empty))
            .Where(e => e.Item1.StartsWith(ApiSettingPrefix, StringComparison.Ordinal))
            .Select(e => (e.Item1[ApiSettingPrefix.Length..], e.Item2));
        var (process, port) = await BenchmarkEnvironment.StartApiAsync(dll, redisPort, [.. settings, .. tried]);
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

    private sealed record Result(double RequestsPerSecond, string P50, string P99, long Non2xx)
    {
        public RoundCpu Cpu { get; init; }
    }

    private sealed record Server(string Name, int Pid, int Port, IReadOnlyList<string> Paths);

    /// <summary>Where the machine's CPU went while one server was under load.</summary>
    private readonly record struct RoundCpu(double Server, double IdleServers, double Redis, double Rest, double Steal);

    /// <summary>One server under wrk, and the CPU every process took meanwhile: a dip shows whether others took the cores.</summary>
    private static Result Measure(Server measured, IReadOnlyList<Server> servers, int redisPid, int seconds)
    {
        var pids = servers.Select(s => s.Pid).Append(redisPid).ToList();
        var before = pids.Select(CpuMeter.ProcessSeconds).ToList();
        var machineBefore = CpuMeter.Machine();
        var result = Wrk(measured.Port, measured.Paths, seconds);
        var machine = CpuMeter.Machine() - machineBefore;
        var used = pids.Select((pid, i) => CpuMeter.ProcessSeconds(pid) - before[i]).ToList();
        var index = servers.ToList().FindIndex(s => s.Pid == measured.Pid);
        var server = used[index];
        var redis = used[^1];
        var idle = used.Take(servers.Count).Sum() - server;
        return result with { Cpu = new RoundCpu(server, idle, redis, machine.Busy - server - idle - redis, machine.Steal) };
    }

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
