namespace CryptApp.Core.Markets;

/// <summary>Picks one float64 column of a book side, as pandas sees it.</summary>
public interface IEntryColumn
{
    static abstract double Of(in BookEntry entry);
}

public readonly struct PxColumn : IEntryColumn
{
    public static double Of(in BookEntry entry) => entry.Px;
}

public readonly struct QtyColumn : IEntryColumn
{
    public static double Of(in BookEntry entry) => entry.Qty;
}

/// <summary><c>df.px * df.qty</c>: one float64 product per entry.</summary>
public readonly struct ValueColumn : IEntryColumn
{
    public static double Of(in BookEntry entry) => entry.Value;
}

/// <summary>
/// A float64 sum in exactly numpy's order (numpy 1.24 <c>DOUBLE_add</c> reduction), so our totals are
/// the original pandas figures bit for bit: the reduction starts from 0.0 and adds, left to right, the
/// pairwise sum of each consecutive block of <see cref="BufferSize"/> values.
/// </summary>
public static class NumpySum
{
    /// <summary>numpy's <c>NPY_BUFSIZE</c>: the reduction iterator hands the inner loop at most this many values.</summary>
    public const int BufferSize = 8192;

    /// <summary>numpy's <c>PW_BLOCKSIZE</c>: below it, eight running partial sums; above it, halve and recurse.</summary>
    private const int PairwiseBlock = 128;

    public static double Sum<TColumn>(ReadOnlySpan<BookEntry> entries)
        where TColumn : IEntryColumn
    {
        var total = 0.0;
        for (var start = 0; start < entries.Length; start += BufferSize)
        {
            total += Pairwise<TColumn>(entries.Slice(start, Math.Min(BufferSize, entries.Length - start)));
        }

        return total;
    }

    private static double Pairwise<TColumn>(ReadOnlySpan<BookEntry> a)
        where TColumn : IEntryColumn
    {
        var n = a.Length;
        if (n < 8)
        {
            var res = 0.0;
            for (var i = 0; i < n; i++)
            {
                res += TColumn.Of(a[i]);
            }

            return res;
        }

        if (n <= PairwiseBlock)
        {
            double r0 = TColumn.Of(a[0]), r1 = TColumn.Of(a[1]), r2 = TColumn.Of(a[2]), r3 = TColumn.Of(a[3]);
            double r4 = TColumn.Of(a[4]), r5 = TColumn.Of(a[5]), r6 = TColumn.Of(a[6]), r7 = TColumn.Of(a[7]);
            var i = 8;
            for (; i < n - n % 8; i += 8)
            {
                r0 += TColumn.Of(a[i]);
                r1 += TColumn.Of(a[i + 1]);
                r2 += TColumn.Of(a[i + 2]);
                r3 += TColumn.Of(a[i + 3]);
                r4 += TColumn.Of(a[i + 4]);
                r5 += TColumn.Of(a[i + 5]);
                r6 += TColumn.Of(a[i + 6]);
                r7 += TColumn.Of(a[i + 7]);
            }

            var res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++)
            {
                res += TColumn.Of(a[i]);
            }

            return res;
        }

        // Halve, keeping the first half a multiple of the unroll factor, as numpy does.
        var half = n / 2;
        half -= half % 8;
        return Pairwise<TColumn>(a[..half]) + Pairwise<TColumn>(a[half..]);
    }
}
