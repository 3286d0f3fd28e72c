namespace CryptApp.Core.Markets;

/// <summary>An entry with its value, as the original reported greatest and least entries.</summary>
public sealed record EntryValue(double Px, double Qty, long Num, double Value)
{
    public static EntryValue From(BookEntry entry) => new(entry.Px, entry.Qty, entry.Num, entry.Value);
}

/// <summary>
/// The original system's per-side figures, kept exactly: every total is numpy's float64 sum (see
/// <see cref="NumpySum"/>), the average that total over the count, greatest and least value the first
/// in upstream order on a tie (pandas' <c>idxmax</c>/<c>idxmin</c>).
/// </summary>
public sealed record SideMetrics(
    int Count,
    double TotalQty,
    double TotalPx,
    double TotalValue,
    double AverageValue,
    EntryValue? GreaterValue,
    EntryValue? LesserValue)
{
    public static readonly SideMetrics Empty = new(0, 0, 0, 0, 0, null, null);

    public static SideMetrics Compute(ReadOnlySpan<BookEntry> entries) => Compute(entries, true, out _, out _);

    /// <summary>
    /// Also finds, in the same pass, the side's best price (highest for bids, lowest for asks) and
    /// the quantity of all orders at it.
    /// </summary>
    public static SideMetrics Compute(ReadOnlySpan<BookEntry> entries, bool bestIsHighest, out double bestPx, out double bestQty)
    {
        bestPx = double.NaN;
        bestQty = 0;
        if (entries.IsEmpty)
        {
            return Empty;
        }

        bestPx = entries[0].Px;

        var greater = 0;
        var lesser = 0;
        var greaterValue = double.NegativeInfinity;
        var lesserValue = double.PositiveInfinity;

        for (var i = 0; i < entries.Length; i++)
        {
            var entry = entries[i];
            var value = entry.Value;

            if (entry.Px == bestPx)
            {
                bestQty += entry.Qty;
            }
            else if (bestIsHighest ? entry.Px > bestPx : entry.Px < bestPx)
            {
                bestPx = entry.Px;
                bestQty = entry.Qty;
            }

            // Strict comparisons keep the first entry on a tie, like pandas' idxmax()/idxmin().
            if (value > greaterValue)
            {
                greaterValue = value;
                greater = i;
            }

            if (value < lesserValue)
            {
                lesserValue = value;
                lesser = i;
            }
        }

        var totalValue = NumpySum.Sum<ValueColumn>(entries);
        return new SideMetrics(
            entries.Length,
            NumpySum.Sum<QtyColumn>(entries),
            NumpySum.Sum<PxColumn>(entries),
            totalValue,
            totalValue / entries.Length,
            EntryValue.From(entries[greater]),
            EntryValue.From(entries[lesser]));
    }
}
