using System.Globalization;

namespace CryptApp.Tests.Infrastructure.Oracle;

/// <summary>
/// Book entries read independently of the product code: in decimal, from the numbers' JSON text, so
/// a mistake shared by parser and market metrics cannot hide. (The original's per-side figures are
/// checked against pandas itself, see <see cref="PandasOracle"/>.)
/// </summary>
internal static class ReferenceSide
{
    public static List<(decimal Px, decimal Qty)> Valid(IEnumerable<FakeEntry> entries) => entries
        .Select(e => (Px: Parse(e.Px), Qty: Parse(e.Qty)))
        .Where(e => e.Px is > 0 && e.Qty is > 0)
        .Select(e => (Px: e.Px!.Value, Qty: e.Qty!.Value))
        .ToList();

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
