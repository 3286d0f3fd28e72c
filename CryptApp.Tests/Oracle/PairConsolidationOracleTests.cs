using System.Globalization;
using System.Text.Json.Nodes;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Pairs;
using CryptApp.Core.Pairs;

namespace CryptApp.Tests.Oracle;

/// <summary>
/// The cross-venue figures against <c>pair_oracle.py</c>, plain Python floats written from the
/// definitions, never from our code: every figure equal bit for bit over generated venues (crossed
/// books, stale venues, empty sides, ties, thin books).
/// </summary>
public sealed class PairConsolidationOracleTests
{
    private const int Cases = 300;
    private static readonly string[] Exchanges = ["binance", "blockchain", "bybit", "coinbase", "kraken", "okx"];

    [Fact(Timeout = 120_000)]
    public async Task Every_figure_equals_the_python_oracle_bit_for_bit()
    {
        var random = new Random(20261125);
        var cases = Enumerable.Range(0, Cases).Select(_ => Generate(random)).ToList();

        var answers = await RunOracleAsync(cases, TestContext.Current.CancellationToken);

        Assert.Equal(cases.Count, answers.Count);
        for (var i = 0; i < cases.Count; i++)
        {
            var (venues, side, notional) = cases[i];
            var view = PairConsolidation.Consolidate("BTC-USDT", venues);
            var routed = PairConsolidation.Route("BTC-USDT", venues, side, notional);
            var expected = answers[i]!;
            var what = $"case {i}";

            for (var v = 0; v < venues.Count; v++)
            {
                var row = expected["venues"]![v]!.AsArray();
                var got = view.Venues[v];
                Same(row[0], got.BestBid, $"{what} venue {v} bestBid");
                Same(row[1], got.BestAsk, $"{what} venue {v} bestAsk");
                Same(row[2], got.Mid, $"{what} venue {v} mid");
                Same(row[3], got.SpreadBps, $"{what} venue {v} spreadBps");
                Same(row[4], got.BidDepth2Pct, $"{what} venue {v} bidDepth2Pct");
                Same(row[5], got.AskDepth2Pct, $"{what} venue {v} askDepth2Pct");
            }

            SameQuote(expected["bestBid"], view.BestBid, $"{what} bestBid");
            SameQuote(expected["bestAsk"], view.BestAsk, $"{what} bestAsk");
            Same(expected["crossVenueSpreadBps"], view.CrossVenueSpreadBps, $"{what} crossVenueSpreadBps");
            Same(expected["midDispersionBps"], view.MidDispersionBps, $"{what} midDispersionBps");
            Same(expected["costUp"], view.CostToMoveUp2Pct, $"{what} costToMoveUp2Pct");
            Same(expected["costDown"], view.CostToMoveDown2Pct, $"{what} costToMoveDown2Pct");
            if (expected["depth"] is JsonArray depth)
            {
                var d = view.ConsolidatedDepth!;
                double?[] ours = [d.Bids1Pct, d.Bids2Pct, d.Bids5Pct, d.Asks1Pct, d.Asks2Pct, d.Asks5Pct];
                for (var k = 0; k < ours.Length; k++)
                {
                    Same(depth[k], ours[k], $"{what} consolidatedDepth[{k}]");
                }
            }
            else
            {
                Assert.Null(view.ConsolidatedDepth);
            }

            if (expected["slippage"] is JsonArray slippage)
            {
                Same(slippage[0], routed.FilledNotional, $"{what} filledNotional");
                Same(slippage[1], routed.FilledQty, $"{what} filledQty");
                Same(slippage[2], routed.Vwap, $"{what} vwap");
                Same(slippage[3], routed.SlippageBps, $"{what} slippageBps");
            }
        }
    }

    private static void Same(JsonNode? bits, double? actual, string what)
    {
        long? expected = bits is null ? null : (long)bits;
        long? got = actual is { } value ? BitConverter.DoubleToInt64Bits(value) : null;
        Assert.True(expected == got,
            $"{what}: python {(expected is { } e ? BitConverter.Int64BitsToDouble(e).ToString("R", CultureInfo.InvariantCulture) : "null")}, ours {actual?.ToString("R", CultureInfo.InvariantCulture) ?? "null"}");
    }

    private static void SameQuote(JsonNode? expected, BestQuote? actual, string what)
    {
        if (expected is null)
        {
            Assert.Null(actual);
            return;
        }

        Assert.NotNull(actual);
        Assert.Equal((string)expected[0]!, actual.Venue);
        Same(expected[1], actual.Px, $"{what} px");
        Same(expected[2], actual.Qty, $"{what} qty");
    }

    /// <summary>2 to 6 venues around one price, some crossing, some stale, some with an empty side or equal best prices.</summary>
    private static (IReadOnlyList<VenueLevels> Venues, TradeSide Side, double Notional) Generate(Random random)
    {
        var center = 100 + random.NextDouble() * 60_000;
        var count = random.Next(2, Exchanges.Length + 1);
        var venues = Exchanges.OrderBy(_ => random.Next()).Take(count).Order(StringComparer.Ordinal)
            .Select(exchange =>
            {
                var mid = center * (1 + (random.NextDouble() - 0.5) * 0.004);
                var half = center * random.NextDouble() * 0.001 * (random.Next(8) == 0 ? -1 : 1);
                var bids = Side(random, mid - half, -1);
                var asks = Side(random, mid + half, +1);
                if (random.Next(10) == 0)
                {
                    bids = [];
                }

                return new VenueLevels(exchange, new BookLevels("BTC-USDT", DateTimeOffset.UnixEpoch, null, bids, asks), random.Next(6) == 0);
            })
            .ToList();
        var notional = Math.Round(center * (0.01 + random.NextDouble() * (random.Next(5) == 0 ? 500 : 5)), 2);
        return (venues, random.Next(2) == 0 ? TradeSide.Buy : TradeSide.Sell, notional);
    }

    private static List<BookLevel> Side(Random random, double best, int direction)
    {
        var levels = new List<BookLevel>();
        var px = Math.Round(best, 2);
        for (var i = random.Next(1, 60); i > 0 && px > 0; i--)
        {
            levels.Add(new BookLevel(px, Math.Round(random.NextDouble() * 3, 8), 1));
            px = Math.Round(px + direction * best * random.NextDouble() * 0.002, 2);
        }

        return levels;
    }

    private static async Task<JsonArray> RunOracleAsync(
        IReadOnlyList<(IReadOnlyList<VenueLevels> Venues, TradeSide Side, double Notional)> cases, CancellationToken ct)
    {
        var python = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : Executables.Find("python3");
        if (python is null)
        {
            Prerequisite.Python.Missing("No python3: neither /usr/bin/python3 nor a python3 on PATH.");
        }

        var input = Path.GetTempFileName();
        var output = Path.GetTempFileName();
        try
        {
            var json = new JsonArray([.. cases.Select(c => (JsonNode)new JsonObject
            {
                ["side"] = c.Side.ToString(),
                ["notional"] = R(c.Notional),
                ["venues"] = new JsonArray([.. c.Venues.Select(v => (JsonNode)new JsonObject
                {
                    ["exchange"] = v.Venue,
                    ["stale"] = v.Stale,
                    ["bids"] = Levels(v.Book.Bids),
                    ["asks"] = Levels(v.Book.Asks),
                })]),
            })]);
            await File.WriteAllTextAsync(input, json.ToJsonString(), ct);
            var script = Path.Combine(AppContext.BaseDirectory, "Infrastructure", "Oracle", "pair_oracle.py");
            var (exitCode, stderr) = await PythonRunner.RunAsync(python, [script, input, output], TimeSpan.FromMinutes(1), ct);
            Assert.True(exitCode == 0, $"{python} {script} failed ({exitCode}): {stderr}");
            return JsonNode.Parse(await File.ReadAllTextAsync(output, ct))!.AsArray();
        }
        finally
        {
            File.Delete(input);
            File.Delete(output);
        }
    }

    private static JsonArray Levels(IReadOnlyList<BookLevel> levels) =>
        new([.. levels.Select(l => (JsonNode)new JsonArray(R(l.Px), R(l.Qty)))]);

    // Round-trip text: Python's float() of it is the same double.
    private static JsonNode R(double value) => JsonValue.Create(value.ToString("R", CultureInfo.InvariantCulture))!;
}
