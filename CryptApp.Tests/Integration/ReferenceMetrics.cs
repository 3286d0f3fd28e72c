using System.Globalization;
using CryptApp.Tests.Fakes;

namespace CryptApp.Tests.Integration;

/// <summary>
/// The original's per-side figures computed independently of the product code: in decimal, from the
/// numbers' JSON text, so a mistake shared by parser and metrics cannot hide.
/// </summary>
internal sealed record ReferenceSide(int Count, decimal TotalQty, decimal TotalPx, decimal TotalValue, decimal? GreatestValue, decimal? LeastValue)
{
    public static ReferenceSide Of(IEnumerable<FakeEntry> entries)
    {
        var valid = entries
            .Select(e => (Px: Parse(e.Px), Qty: Parse(e.Qty)))
            .Where(e => e.Px is > 0 && e.Qty is > 0)
            .Select(e => (Px: e.Px!.Value, Qty: e.Qty!.Value))
            .ToList();
        var values = valid.Select(e => e.Px * e.Qty).ToList();
        return new ReferenceSide(
            valid.Count,
            valid.Sum(e => e.Qty),
            valid.Sum(e => e.Px),
            values.Sum(),
            values.Count == 0 ? null : values.Max(),
            values.Count == 0 ? null : values.Min());
    }

    private static decimal? Parse(string json)
    {
        var text = json.Trim('"');
        return decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : null;
    }

    public static void AssertClose(decimal expected, double actual, string what)
    {
        var e = (double)expected;
        var relative = e == 0 ? Math.Abs(actual) : Math.Abs((actual - e) / e);
        Assert.True(relative < 1e-9, $"{what}: expected {e:R}, got {actual:R} (relative error {relative:E2})");
    }
}
