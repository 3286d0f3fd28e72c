using System.Globalization;
using System.Text;

namespace CryptApp.Testing.Fakes;

/// <summary>An L3 book, either recorded JSON served verbatim or entries written out on request.</summary>
public sealed class FakeBook
{
    private readonly string? _recordedJson;
    private string? _written;

    private FakeBook(string? recordedJson, IReadOnlyList<FakeEntry> bids, IReadOnlyList<FakeEntry> asks)
    {
        _recordedJson = recordedJson;
        Bids = bids;
        Asks = asks;
    }

    public IReadOnlyList<FakeEntry> Bids { get; }

    public IReadOnlyList<FakeEntry> Asks { get; }

    public static FakeBook Recorded(string json) => new(json, [], []);

    public static FakeBook Of(IReadOnlyList<FakeEntry> bids, IReadOnlyList<FakeEntry> asks) => new(null, bids, asks);

    public static readonly FakeBook Empty = Of([], []);

    /// <summary>
    /// A random book around <paramref name="mid"/>, numbers written in the forms real exchanges use:
    /// plain decimals, Java-style exponents and, now and then, numeric strings.
    /// </summary>
    public static FakeBook Generate(Random random, double mid, int bidCount, int askCount)
    {
        return Of(Side(-1, bidCount), Side(1, askCount));

        List<FakeEntry> Side(int direction, int count) => Enumerable.Range(0, count)
            .Select(_ =>
            {
                var px = RoundSignificant(mid * (1 + direction * random.NextDouble() * 0.08), 6);
                var qty = RoundSignificant(Math.Pow(10, random.NextDouble() * 6 - 4), 6);
                return new FakeEntry(Number(px, random), Number(qty, random), random.NextInt64(1, long.MaxValue));
            })
            .ToList();
    }

    private static double RoundSignificant(double value, int digits) =>
        double.Parse(value.ToString("G" + digits, CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    private static string Number(double value, Random random) => random.Next(4) switch
    {
        0 => value.ToString("0.0###E0", CultureInfo.InvariantCulture),
        1 => "\"" + value.ToString("R", CultureInfo.InvariantCulture) + "\"",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };

    public string ToJson(string symbol)
    {
        return _recordedJson ?? (_written ??= Write(symbol));
    }

    private string Write(string symbol)
    {
        var json = new StringBuilder();
        json.Append("{\"symbol\":\"").Append(symbol).Append("\",\"bids\":");
        AppendSide(json, Bids);
        json.Append(",\"asks\":");
        AppendSide(json, Asks);
        json.Append('}');
        return json.ToString();
    }

    private static void AppendSide(StringBuilder json, IReadOnlyList<FakeEntry> entries)
    {
        json.Append('[');
        for (var i = 0; i < entries.Count; i++)
        {
            if (i > 0)
            {
                json.Append(',');
            }

            json.Append("{\"px\":").Append(entries[i].Px)
                .Append(",\"qty\":").Append(entries[i].Qty)
                .Append(",\"num\":").Append(entries[i].Num.ToString(CultureInfo.InvariantCulture)).Append('}');
        }

        json.Append(']');
    }
}
