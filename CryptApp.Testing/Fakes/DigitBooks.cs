using System.Globalization;
using System.Text;

namespace CryptApp.Testing.Fakes;

/// <summary>
/// Books whose numbers are hard to parse and to sum: up to 30 significant digits, Java-style and
/// lower-case exponents, integers, numeric strings, and repeated entries (ties for greatest and least).
/// </summary>
public static class DigitBooks
{
    public static FakeBook Generate(Random random, int bidCount, int askCount)
    {
        var mid = Math.Pow(10, random.NextDouble() * 9 - 4);
        return FakeBook.Of(Side(-1, bidCount), Side(1, askCount));

        List<FakeEntry> Side(int direction, int count)
        {
            var entries = new List<FakeEntry>(count);
            for (var i = 0; i < count; i++)
            {
                if (i > 0 && random.Next(50) == 0)
                {
                    entries.Add(entries[random.Next(i)] with { Num = random.NextInt64() });
                    continue;
                }

                var px = mid * (1 + direction * random.NextDouble() * 0.08);
                var qty = Math.Pow(10, random.NextDouble() * 11 - 8);
                entries.Add(new FakeEntry(Number(px, random), Number(qty, random), random.NextInt64()));
            }

            return entries;
        }
    }

    private static string Number(double value, Random random)
    {
        var text = random.Next(8) switch
        {
            0 => value.ToString("0.0###############E0", CultureInfo.InvariantCulture),
            1 => value.ToString("0.########e+00", CultureInfo.InvariantCulture),
            2 => value.ToString("G17", CultureInfo.InvariantCulture),
            3 => LongMantissa(value, random),
            4 => Math.Round(value * 1000).ToString("0", CultureInfo.InvariantCulture) is var whole && whole != "0" ? whole : "1",
            _ => value.ToString("R", CultureInfo.InvariantCulture),
        };
        return random.Next(6) == 0 ? "\"" + text + "\"" : text;
    }

    /// <summary>More digits than a double holds, so parsing must round correctly rather than truncate.</summary>
    private static string LongMantissa(double value, Random random)
    {
        var digits = new StringBuilder(value.ToString("0.000000000000000", CultureInfo.InvariantCulture));
        for (var i = random.Next(5, 15); i > 0; i--)
        {
            digits.Append((char)('0' + random.Next(10)));
        }

        return digits.ToString();
    }
}
