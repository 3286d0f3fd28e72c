using System.Globalization;
using CryptApp.Core.Markets;

namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>Bit-for-bit comparison of our figures with the pandas oracle's.</summary>
public static class OracleAssert
{
    public static void SameSide(OracleSide expected, SideMetrics actual, string what)
    {
        Assert.True(expected.Count == actual.Count, $"{what} count: pandas {expected.Count}, ours {actual.Count}");
        Same(expected.TotalQty, actual.TotalQty, $"{what} total_qty");
        Same(expected.TotalPx, actual.TotalPx, $"{what} total_px");
        Same(expected.TotalValue, actual.TotalValue, $"{what} total_value");
        Same(expected.AverageValue, actual.AverageValue, $"{what} average_value");
        SameEntry(expected.GreaterValue, actual.GreaterValue, $"{what} greater_value");
        SameEntry(expected.LesserValue, actual.LesserValue, $"{what} lesser_value");
    }

    /// <summary>Every px and qty we parsed is the double Python's float() made of the same text.</summary>
    public static void SameNumbers(OracleSide expected, IReadOnlyList<BookEntry> actual, string what)
    {
        Assert.True(expected.Px.Length == actual.Count, $"{what}: pandas kept {expected.Px.Length} entries, we kept {actual.Count}");
        for (var i = 0; i < actual.Count; i++)
        {
            Same(expected.Px[i], actual[i].Px, $"{what}[{i}].px");
            Same(expected.Qty[i], actual[i].Qty, $"{what}[{i}].qty");
        }
    }

    public static void Same(long expectedBits, double actual, string what)
    {
        var expected = BitConverter.Int64BitsToDouble(expectedBits);
        Assert.True(
            expectedBits == BitConverter.DoubleToInt64Bits(actual),
            string.Create(CultureInfo.InvariantCulture, $"{what}: pandas {expected:R}, ours {actual:R}"));
    }

    private static void SameEntry(OracleEntry? expected, EntryValue? actual, string what)
    {
        if (expected is null || actual is null)
        {
            Assert.True(expected is null && actual is null, $"{what}: pandas {expected}, ours {actual}");
            return;
        }

        Same(expected.Px, actual.Px, $"{what}.px");
        Same(expected.Qty, actual.Qty, $"{what}.qty");
        Assert.True(expected.Num == actual.Num, $"{what}.num: pandas {expected.Num}, ours {actual.Num}");
        Same(expected.Value, actual.Value, $"{what}.value");
    }
}
