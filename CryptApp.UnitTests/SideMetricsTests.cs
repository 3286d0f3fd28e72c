using CryptApp.Core.Markets;

namespace CryptApp.UnitTests;

public sealed class SideMetricsTests
{
    // The original system's own test entries (px, qty).
    private static readonly BookEntry[] OriginalEntries =
    [
        new(49765.77, 0.08333333, 1),
        new(49758.29, 0.16666666, 2),
        new(49501.0, 0.0015, 3),
        new(49338.17, 0.00422508, 4),
        new(49183.05, 0.03986878, 5),
        new(48000.0, 0.01643447, 6),
    ];

    [Fact]
    public void Fewer_than_eight_entries_sum_left_to_right_as_numpy_does()
    {
        var metrics = SideMetrics.Compute(OriginalEntries);

        Assert.Equal(6, metrics.Count);
        Assert.Equal(0.08333333 + 0.16666666 + 0.0015 + 0.00422508 + 0.03986878 + 0.01643447, metrics.TotalQty);
        Assert.Equal(49765.77 + 49758.29 + 49501.0 + 49338.17 + 49183.05 + 48000.0, metrics.TotalPx);
        var totalValue = 49765.77 * 0.08333333 + 49758.29 * 0.16666666 + 49501.0 * 0.0015
                         + 49338.17 * 0.00422508 + 49183.05 * 0.03986878 + 48000.0 * 0.01643447;
        Assert.Equal(totalValue, metrics.TotalValue);
        Assert.Equal(totalValue / 6, metrics.AverageValue);
        Assert.Equal(15472.6273, Math.Round(metrics.TotalValue, 4));
    }

    [Fact]
    public void Greatest_and_least_value_are_the_entries_with_their_value()
    {
        var metrics = SideMetrics.Compute(OriginalEntries);

        Assert.Equal(new EntryValue(49758.29, 0.16666666, 2, 49758.29 * 0.16666666), metrics.GreaterValue);
        Assert.Equal(new EntryValue(49501.0, 0.0015, 3, 49501.0 * 0.0015), metrics.LesserValue);
    }

    [Fact]
    public void Ties_keep_the_first_entry_in_upstream_order()
    {
        BookEntry[] entries = [new(10, 2, 1), new(20, 1, 2), new(5, 1, 3), new(1, 5, 4)];

        var metrics = SideMetrics.Compute(entries);

        Assert.Equal(1, metrics.GreaterValue!.Num);
        Assert.Equal(3, metrics.LesserValue!.Num);
    }

    [Fact]
    public void Empty_side_gives_zeros_and_no_entries()
    {
        var metrics = SideMetrics.Compute([]);

        Assert.Equal(new SideMetrics(0, 0, 0, 0, 0, null, null), metrics);
    }
}
