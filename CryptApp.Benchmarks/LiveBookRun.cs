using System.Diagnostics;
using System.Globalization;

namespace CryptApp.Benchmarks;

/// <summary>
/// <c>deltas [count] [levels]</c>: applies <c>count</c> Bybit delta frames one after another on one thread to a live book of
/// <c>levels</c> a side (<see cref="LiveBookDeltas"/>), timing each; prints the per-delta percentiles, the rate of an
/// untimed pass, and the bytes the thread allocated while applying.
/// </summary>
public static class LiveBookRun
{
    public static Task<int> RunAsync(string[] args)
    {
        var count = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 1_000_000;
        var levels = args.Length > 2 ? int.Parse(args[2], CultureInfo.InvariantCulture) : 1000;
        var deltas = new LiveBookDeltas(levels);
        for (var i = 0; i < 200_000; i++)
        {
            deltas.ApplyNext();
        }

        var ticks = new long[count];
        var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < count; i++)
        {
            var start = Stopwatch.GetTimestamp();
            deltas.ApplyNext();
            ticks[i] = Stopwatch.GetTimestamp() - start;
        }

        var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
        var untimed = Stopwatch.StartNew();
        for (var i = 0; i < count; i++)
        {
            deltas.ApplyNext();
        }

        untimed.Stop();
        if (!deltas.Live || deltas.Book.Bids.Count < levels - 1 || deltas.Book.Asks.Count < levels - 1)
        {
            Console.Error.WriteLine($"the book did not stay live at {levels} levels: {deltas.Book.State}, {deltas.Book.Bids.Count}/{deltas.Book.Asks.Count}");
            return Task.FromResult(1);
        }

        Array.Sort(ticks);
        double Micros(double quantile) => ticks[Math.Min(count - 1, (int)Math.Ceiling(quantile * count) - 1)] * 1_000_000.0 / Stopwatch.Frequency;
        Console.WriteLine(FormattableString.Invariant(
            $"deltas {count:N0} at {levels} levels a side: p50 {Micros(0.50):F2} µs, p99 {Micros(0.99):F2} µs, p99.9 {Micros(0.999):F2} µs, max {Micros(1):F1} µs"));
        Console.WriteLine(FormattableString.Invariant(
            $"untimed pass: {count / untimed.Elapsed.TotalSeconds:N0} deltas/s on one thread; allocated while timed: {allocated:N0} bytes ({(double)allocated / count:F2} a delta)"));
        return Task.FromResult(0);
    }
}
