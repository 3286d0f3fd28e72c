using System.Diagnostics;
using System.Globalization;

namespace CryptApp.Benchmarks;

/// <summary>
/// Resident memory of the Worker's ETL through one CollectProcessCryptos run over many big books
/// (default 300 symbols of 50,000 orders) into a real redis-server. The fake exchange runs in a child
/// process, so what is sampled is the Worker side alone: its host, the pipeline, the Redis client.
/// Run it with <c>DOTNET_gcServer=1</c> for the Worker's own GC (the Web SDK's server GC).
/// </summary>
public static class MemoryRun
{
    private const int DistinctBooks = 4;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan BlockchainStart = TimeSpan.FromMinutes(2);

    public static async Task<int> RunAsync(string[] args)
    {
        var symbols = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 300;
        var orders = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 50_000;

        using var exchange = StartBlockchain(symbols, orders);
        try
        {
            var line = await exchange.StandardOutput.ReadLineAsync().WaitAsync(BlockchainStart)
                       ?? throw new InvalidOperationException("the fake exchange exited before it listened");
            await using var environment = await BenchmarkEnvironment.StartAsync(new Uri(line));
            return await MeasureAsync(environment, symbols, orders);
        }
        finally
        {
            exchange.Kill(entireProcessTree: true);
            await exchange.WaitForExitAsync();
        }
    }

    /// <summary>The child's side: serves four pre-written bodies under every symbol and prints its base URL.</summary>
    public static async Task<int> ServeBlockchainAsync(string[] args)
    {
        var symbols = int.Parse(args[1], CultureInfo.InvariantCulture);
        var orders = int.Parse(args[2], CultureInfo.InvariantCulture);
        var random = new Random(50_000);
        var books = Enumerable.Range(0, DistinctBooks)
            .Select(_ => FakeBook.Recorded(FakeBook.Generate(random, 30_000, orders / 2, orders / 2).ToJson("BIG-USD")))
            .ToArray();
        var markets = Enumerable.Range(0, symbols).ToDictionary(i => $"M{i:000}-USD", i => new FakeMarket("open", books[i % DistinctBooks]));
        await using var exchange = await FakeBlockchain.StartAsync(markets, CancellationToken.None);
        Console.WriteLine(exchange.BaseUrl);
        await Task.Delay(Timeout.Infinite);
        return 0;
    }

    private static Process StartBlockchain(int symbols, int orders)
    {
        // Started as this very program: through the dotnet host when that is how this one runs.
        var self = Environment.ProcessPath!;
        var info = Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? new ProcessStartInfo(self, [typeof(MemoryRun).Assembly.Location, "exchange", $"{symbols}", $"{orders}"])
            : new ProcessStartInfo(self, ["exchange", $"{symbols}", $"{orders}"]);
        info.RedirectStandardOutput = true;
        return Process.Start(info) ?? throw new InvalidOperationException("the fake exchange did not start");
    }

    private static async Task<int> MeasureAsync(BenchmarkEnvironment environment, int symbols, int orders)
    {
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        var before = Resident();
        var allocatedBefore = GC.GetTotalAllocatedBytes(precise: true);

        using var sampling = new CancellationTokenSource();
        var peak = SampleAsync(sampling.Token);
        var clock = Stopwatch.StartNew();
        var run = await environment.RunOnceAsync();
        clock.Stop();
        await sampling.CancelAsync();
        var (peakResident, peakHeap) = await peak;

        Console.WriteLine($"GC: {(System.Runtime.GCSettings.IsServerGC ? "server" : "workstation")}, {Environment.ProcessorCount} cores");
        Console.WriteLine($"run: {run.Status}, {run.Counts.SymbolsSucceeded}/{symbols} symbols of {orders:N0} orders, {run.Counts.EntriesAccepted:N0} entries, {clock.Elapsed.TotalSeconds:F1} s");
        Console.WriteLine($"Worker resident before the run: {Mb(before)}, peak during it: {Mb(peakResident)}, after: {Mb(Resident())}");
        Console.WriteLine($"GC heap peak during the run: {Mb(peakHeap)}; allocated during it: {Mb(GC.GetTotalAllocatedBytes(precise: true) - allocatedBefore)}");
        return run.Counts.SymbolsSucceeded == symbols ? 0 : 1;
    }

    private static async Task<(long Resident, long Heap)> SampleAsync(CancellationToken stop)
    {
        long resident = 0, heap = 0;
        using var timer = new PeriodicTimer(SampleEvery);
        try
        {
            while (await timer.WaitForNextTickAsync(stop))
            {
                resident = Math.Max(resident, Resident());
                heap = Math.Max(heap, GC.GetGCMemoryInfo().HeapSizeBytes);
            }
        }
        catch (OperationCanceledException)
        {
            // Sampling ends with the run.
        }

        return (Math.Max(resident, Resident()), heap);
    }

    private static long Resident()
    {
        using var process = Process.GetCurrentProcess();
        return process.WorkingSet64;
    }

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F0} MB";
}
