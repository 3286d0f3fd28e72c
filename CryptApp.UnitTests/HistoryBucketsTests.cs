using CryptApp.Contracts.Markets;
using CryptApp.Core.Markets;

namespace CryptApp.UnitTests;

public sealed class HistoryBucketsTests
{
    private static readonly DateTimeOffset From = new(2026, 11, 25, 0, 0, 0, TimeSpan.Zero);

    private static HistoryPoint Point(double minutes, double? mid) =>
        new(From.AddMinutes(minutes), mid, mid - 1, mid + 1, 2, 0.1, 10, 11, 5, 6, 100, 200);

    [Fact]
    public void Buckets_keep_the_last_value_and_the_range_of_mid()
    {
        var buckets = HistoryBuckets.Bucket([Point(1, 10), Point(3, 14), Point(2, 8), Point(7, 20)], From, TimeSpan.FromMinutes(5));

        Assert.Equal(2, buckets.Count);
        Assert.Equal(new HistoryBucket(From, 3, 14, 8, 14, 13, 15, 2, 0.1, 10, 11, 5, 6, 100, 200), buckets[0]);
        Assert.Equal(From.AddMinutes(5), buckets[1].T);
        Assert.Equal(20, buckets[1].MidMax);
    }

    [Fact]
    public void Buckets_without_a_mid_have_null_range()
    {
        var bucket = Assert.Single(HistoryBuckets.Bucket([Point(1, null)], From, TimeSpan.FromMinutes(5)));

        Assert.Null(bucket.MidMin);
        Assert.Null(bucket.MidMax);
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(24, 5)]
    [InlineData(168, 60)]
    public void Automatic_interval_bounds_the_number_of_buckets(int hours, int expectedMinutes)
    {
        var interval = HistoryBuckets.ChooseInterval(From, From.AddHours(hours));

        Assert.Equal(TimeSpan.FromMinutes(expectedMinutes), interval);
        Assert.True(TimeSpan.FromHours(hours) / interval <= HistoryBuckets.TargetBuckets);
    }
}
