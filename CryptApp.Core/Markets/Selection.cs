namespace CryptApp.Core.Markets;

/// <summary>Order statistics without sorting everything.</summary>
internal static class Selection
{
    /// <summary>
    /// The value that would be at index <paramref name="k"/> if <paramref name="values"/> were sorted
    /// (quickselect, median-of-three pivots; values are reordered). Falls back to a sort should the
    /// pivots keep missing, so the worst case stays n·log n.
    /// </summary>
    public static double Nth(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        for (var rounds = 0; hi > lo; rounds++)
        {
            if (rounds > 64)
            {
                values[lo..(hi + 1)].Sort();
                break;
            }

            var pivot = MedianOfThree(values[lo], values[lo + (hi - lo) / 2], values[hi]);
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                break;
            }
        }

        return values[k];
    }

    private static double MedianOfThree(double a, double b, double c) =>
        a < b ? (b < c ? b : a < c ? c : a) : (a < c ? a : b < c ? c : b);
}
