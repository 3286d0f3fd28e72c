using System.Globalization;
using CryptApp.Core.Markets;
using CryptApp.Core.Storage;
using CryptApp.Testing.Redis;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace CryptApp.Benchmarks;

/// <summary>
/// What a market costs Redis over the history it keeps: <c>markets</c> markets saved by <see cref="MarketStore.SaveAsync"/>
/// (the Worker's own write) once per <c>interval</c> over <c>days</c> days, into a real redis-server without
/// persistence; then Redis's own count of the memory it uses (<c>INFO memory</c>, <c>MEMORY USAGE</c>), per market and
/// for 300 markets. Books of 200 orders a side, as Blockchain.com's BTC-USD.
/// </summary>
public static class StorageSizeRun
{
    public static async Task<int> RunAsync(string[] args)
    {
        var markets = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 10;
        var days = args.Length > 2 ? double.Parse(args[2], CultureInfo.InvariantCulture) : 7;
        var interval = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3], CultureInfo.InvariantCulture) : 120);
        var points = (int)(TimeSpan.FromDays(days) / interval);

        await using var server = await RedisProcess.StartAsync(TestRedisKind.RedisServer, "--save", "", "--appendonly", "no");
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{server.Endpoint},allowAdmin=true");
        var store = new MarketStore(redis, NullLogger<MarketStore>.Instance);
        var before = await UsedAsync(redis, server.Endpoint);
        var random = new Random(7);
        var start = DateTimeOffset.UtcNow - TimeSpan.FromDays(days);
        for (var m = 0; m < markets; m++)
        {
            var book = ToBook($"M{m:000}-USD", FakeBook.Generate(random, 100 + m, 200, 200));
            for (var p = 0; p < points; p++)
            {
                await store.SaveAsync(MarketAnalyzer.Analyze(book, start + p * interval), TimeSpan.FromDays(days + 1));
            }
        }

        var used = await UsedAsync(redis, server.Endpoint) - before;
        var db = redis.GetDatabase();
        var history = (long)await db.ExecuteAsync("MEMORY", "USAGE", RedisKeys.History("M000-USD"), "SAMPLES", "0");
        var views = (long)await db.ExecuteAsync("MEMORY", "USAGE", RedisKeys.Views("M000-USD"), "SAMPLES", "0");
        var snapshot = (long)await db.ExecuteAsync("MEMORY", "USAGE", RedisKeys.Market("M000-USD"), "SAMPLES", "0");
        Console.WriteLine($"{markets} markets x {points:N0} points ({days} days at {interval.TotalSeconds:F0} s): used_memory grew {Mb(used)}");
        Console.WriteLine($"one market: history {Mb(history)} ({history / (double)points:F0} bytes a point), views {Kb(views)}, snapshot {Kb(snapshot)}");
        Console.WriteLine($"300 markets: {Mb(used / markets * 300)}");
        return 0;
    }

    private static OrderBook ToBook(string symbol, FakeBook fake)
    {
        var book = new OrderBook(symbol);
        book.Bids.AddRange(fake.Bids.Select(Entry));
        book.Asks.AddRange(fake.Asks.Select(Entry));
        return book;
    }

    private static BookEntry Entry(FakeEntry entry) =>
        new(double.Parse(entry.Px.Trim('"'), CultureInfo.InvariantCulture), double.Parse(entry.Qty.Trim('"'), CultureInfo.InvariantCulture), entry.Num);

    private static async Task<long> UsedAsync(ConnectionMultiplexer redis, string endpoint) =>
        long.Parse((await redis.GetServer(endpoint).InfoAsync("memory")).SelectMany(g => g).Single(p => p.Key == "used_memory").Value, CultureInfo.InvariantCulture);

    private static string Mb(long bytes) => $"{bytes / 1024.0 / 1024.0:F1} MB";

    private static string Kb(long bytes) => $"{bytes / 1024.0:F0} KB";
}
