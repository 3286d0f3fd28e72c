using CryptApp.Core.Markets;

namespace CryptApp.UnitTests;

public sealed class NumpySumTests
{
    /// <summary>
    /// numpy's reduction starts from its identity 0.0, not from the first value: <c>np.sum([-0.0] * n)</c>
    /// is 0.0 for any n (numpy 1.24). Such entries never pass validation; the order of operations shows here.
    /// </summary>
    [Theory]
    [InlineData(1)]
    [InlineData(7)]
    [InlineData(9)]
    [InlineData(129)]
    public void Negative_zeros_sum_to_positive_zero_as_numpy_does(int count)
    {
        var entries = Enumerable.Repeat(new BookEntry(-0.0, 1, 0), count).ToArray();

        Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(NumpySum.Sum<PxColumn>(entries)));
    }

    [Fact]
    public void An_empty_side_sums_to_zero()
    {
        Assert.Equal(BitConverter.DoubleToInt64Bits(0.0), BitConverter.DoubleToInt64Bits(NumpySum.Sum<ValueColumn>([])));
    }
}
