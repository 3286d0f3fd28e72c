using System.Globalization;
using System.Text;
using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests;

/// <summary>
/// The byte scanner against the <c>Utf8JsonReader</c>-based parser it replaced, on thousands of
/// generated bodies: every shape of number, null, unknown members nested and escaped, whitespace,
/// escaped names, bodies cut anywhere or damaged by one byte, read in buffers of any size. Same book,
/// or both refuse.
/// </summary>
public sealed class L3BookScannerDifferentialTests
{
    private const int Bodies = 2_000;

    [Fact]
    public async Task Scanner_reads_every_generated_body_as_the_json_reader_does()
    {
        var random = new Random(2020_05_10);
        for (var n = 0; n < Bodies; n++)
        {
            var body = Encoding.UTF8.GetBytes(Body(random));
            await AssertSameAsync(body, random.Next(1, 64), $"body {n}: {Encoding.UTF8.GetString(body)}");
        }
    }

    [Fact]
    public async Task Scanner_refuses_every_cut_body_as_the_json_reader_does()
    {
        var random = new Random(13);
        for (var n = 0; n < Bodies; n++)
        {
            var body = Encoding.UTF8.GetBytes(Body(random));
            var cut = body[..random.Next(body.Length)];
            await AssertSameAsync(cut, random.Next(1, 64), $"cut body {n}: {Encoding.UTF8.GetString(cut)}");
        }
    }

    [Fact]
    public async Task Scanner_judges_every_damaged_body_as_the_json_reader_does()
    {
        var random = new Random(404);
        const string damage = "{}[],:\"\\ 0-.eEtnx";
        for (var n = 0; n < Bodies; n++)
        {
            var body = Body(random);
            var at = random.Next(body.Length);
            var damaged = random.Next(3) switch
            {
                0 => body.Remove(at, 1),
                1 => body.Insert(at, damage[random.Next(damage.Length)].ToString()),
                _ => body.Remove(at, 1).Insert(at, damage[random.Next(damage.Length)].ToString()),
            };
            await AssertSameAsync(Encoding.UTF8.GetBytes(damaged), random.Next(1, 64), $"damaged body {n}: {damaged}");
        }
    }

    private static async Task AssertSameAsync(byte[] body, int chunk, string what)
    {
        var ct = TestContext.Current.CancellationToken;
        var (expected, expectedError) = await Try(() => Utf8JsonL3BookParser.ParseAsync(new MemoryStream(body), "X-Y", long.MaxValue, ct));
        var (actual, actualError) = await Try(() => L3BookParser.ParseAsync(new ChunkedStream(body, chunk), "X-Y", long.MaxValue, ct));

        Assert.True(expectedError is null == actualError is null, $"{what}\nreader: {expectedError?.Message ?? "read"}\nscanner: {actualError?.Message ?? "read"}");
        if (expected is null || actual is null)
        {
            return;
        }

        Assert.Equal(expected.Symbol, actual.Symbol);
        Assert.Equal(expected.Rejections, actual.Rejections);
        SameEntries(expected.Bids, actual.Bids, what);
        SameEntries(expected.Asks, actual.Asks, what);
    }

    private static void SameEntries(List<BookEntry> expected, List<BookEntry> actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what}: {expected.Count} entries read, {actual.Count} scanned");
        for (var i = 0; i < expected.Count; i++)
        {
            Assert.True(
                BitConverter.DoubleToInt64Bits(expected[i].Px) == BitConverter.DoubleToInt64Bits(actual[i].Px)
                && BitConverter.DoubleToInt64Bits(expected[i].Qty) == BitConverter.DoubleToInt64Bits(actual[i].Qty)
                && expected[i].Num == actual[i].Num,
                $"{what}: entry {i} read {expected[i]}, scanned {actual[i]}");
        }
    }

    private static async Task<(OrderBook? Book, VenueDataException? Error)> Try(Func<Task<OrderBook>> parse)
    {
        try
        {
            return (await parse(), null);
        }
        catch (VenueDataException ex)
        {
            return (null, ex);
        }
    }

    private static string Body(Random random)
    {
        var members = new List<string>();
        if (random.Next(2) == 0)
        {
            members.Add($"\"symbol\":{Pick(random, "\"BTC-USD\"", "\"B\\u0054C-USD\"", "\" \"", "null", "42")}");
        }

        for (var i = random.Next(3); i > 0; i--)
        {
            members.Add($"{Name(random)}:{Unknown(random, 0)}");
        }

        members.Add($"{Pick(random, "\"bids\"", "\"b\\u0069ds\"")}:{Side(random)}");
        members.Add($"\"asks\":{Side(random)}");
        if (random.Next(3) == 0)
        {
            members.Add($"\"{Pick(random, "asks", "bids")}\":{Pick(random, "null", "[]")}");
        }

        Shuffle(random, members);
        return Space(random) + "{" + string.Join(",", members.Select(m => Space(random) + m + Space(random))) + "}" + Space(random);
    }

    private static string Side(Random random)
    {
        var entries = Enumerable.Range(0, random.Next(0, 12)).Select(_ => Entry(random)).ToList();
        return "[" + string.Join("," + Space(random), entries) + "]";
    }

    private static string Entry(Random random)
    {
        if (random.Next(2) == 0)
        {
            // The compact shape exchanges write, which the scanner reads on its fast road.
            return $"{{\"px\":{Value(random)},\"qty\":{Value(random)},\"num\":{OrderId(random)}}}";
        }

        var members = new List<string>();
        if (random.Next(12) > 0)
        {
            members.Add($"{Pick(random, "\"px\"", "\"p\\u0078\"")}:{Space(random)}{Value(random)}");
        }

        if (random.Next(12) > 0)
        {
            members.Add($"\"qty\" :{Value(random)}");
        }

        if (random.Next(12) > 0)
        {
            members.Add($"\"num\":{OrderId(random)}");
        }

        for (var i = random.Next(-2, 3); i > 0; i--)
        {
            members.Add($"{Name(random)}:{Unknown(random, 0)}");
        }

        Shuffle(random, members);
        return "{" + Space(random) + string.Join(Space(random) + "," + Space(random), members) + Space(random) + "}";
    }

    private static string Value(Random random)
    {
        var value = Math.Pow(10, random.NextDouble() * 20 - 10) * (random.Next(10) == 0 ? -1 : 1);
        var text = random.Next(10) switch
        {
            0 => value.ToString("0.0###E0", CultureInfo.InvariantCulture),
            1 => value.ToString("G17", CultureInfo.InvariantCulture),
            2 => value.ToString("0.0000000000000000000000", CultureInfo.InvariantCulture),
            3 => Pick(random, "0", "1e400", "1E-400", "-0", "0.0", "123456789012345678901234567890", "2.2250738585072011e-308"),
            4 => Math.Round(value).ToString(CultureInfo.InvariantCulture),
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
        return random.Next(8) switch
        {
            0 => "\"" + text + "\"",
            1 => Pick(random, "null", "true", "false", "\"abc\"", "\"\"", "\" 1.5 \"", "\"1\\u002e5\"", "\"NaN\"", "\"-Infinity\"", "\"1e5\""),
            _ => text,
        };
    }

    private static string OrderId(Random random) => random.Next(8) switch
    {
        0 => "\"" + random.NextInt64() + "\"",
        1 => Pick(random, "null", "1.5", "1e3", "99999999999999999999", "-7", "\"x\"", "\"4\\u0032\"", "true"),
        _ => random.NextInt64(long.MinValue, long.MaxValue).ToString(CultureInfo.InvariantCulture),
    };

    private static string Unknown(Random random, int depth) => random.Next(depth > 3 ? 4 : 7) switch
    {
        0 => Pick(random, "1", "-2.5e-3", "0", "true", "false", "null"),
        1 => Pick(random, "\"\"", "\"plain\"", "\"quote \\\" and backslash \\\\ and \\u00e9 and ]}\"", "\"{[\"", "\"é ü 日本\""),
        2 => "12345.678E+9",
        3 => "\"" + new string('x', random.Next(200)) + "\"",
        4 or 5 => "{" + string.Join(",", Enumerable.Range(0, random.Next(4)).Select(_ => $"{Name(random)}:{Space(random)}{Unknown(random, depth + 1)}")) + "}",
        _ => "[" + string.Join(", ", Enumerable.Range(0, random.Next(4)).Select(_ => Unknown(random, depth + 1))) + "]",
    };

    private static string Name(Random random) =>
        Pick(random, "\"extra\"", "\"client\"", "\"p\"", "\"pxx\"", "\"num2\"", "\"\"", "\"q\\\"ty\"", "\"meta\"");

    private static string Space(Random random) => random.Next(4) == 0 ? Pick(random, " ", "\n", "\t", " \r\n ") : "";

    private static string Pick(Random random, params string[] choices) => choices[random.Next(choices.Length)];

    private static void Shuffle(Random random, List<string> items)
    {
        for (var i = items.Count - 1; i > 0; i--)
        {
            var j = random.Next(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }
}
