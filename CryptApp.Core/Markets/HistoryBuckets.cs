using CryptApp.Contracts.Markets;

namespace CryptApp.Core.Markets;

/// <summary>Downsamples history points into fixed buckets, bounded in number.</summary>
public static class HistoryBuckets
{
    public const int MaxBuckets = 1000;

    /// <summary>Automatic intervals aim at no more than this many buckets.</summary>
    public const int TargetBuckets = 300;

    private static readonly TimeSpan[] Steps =
    [
        TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromMinutes(30),
        TimeSpan.FromHours(1), TimeSpan.FromHours(4), TimeSpan.FromHours(12), TimeSpan.FromDays(1), TimeSpan.FromDays(7),
    ];

    public static TimeSpan ChooseInterval(DateTimeOffset from, DateTimeOffset to)
    {
        var range = to - from;
        return Steps.FirstOrDefault(step => range / step <= TargetBuckets, Steps[^1]);
    }

    public static IReadOnlyList<HistoryBucket> Bucket(IEnumerable<HistoryPoint> points, DateTimeOffset from, TimeSpan interval)
    {
        return points
            .OrderBy(p => p.T)
            .GroupBy(p => (p.T - from).Ticks / interval.Ticks)
            .Select(group =>
            {
                var last = group.Last();
                var mids = group.Where(p => p.Mid is not null).Select(p => p.Mid!.Value).ToList();
                return new HistoryBucket(
                    from + TimeSpan.FromTicks(group.Key * interval.Ticks),
                    group.Count(),
                    last.Mid,
                    mids.Count == 0 ? null : mids.Min(),
                    mids.Count == 0 ? null : mids.Max(),
                    last.BestBid, last.BestAsk, last.SpreadBps, last.Imbalance, last.BidDepth2Pct, last.AskDepth2Pct,
                    last.BidsCount, last.AsksCount, last.BidsTotalValue, last.AsksTotalValue);
            })
            .ToList();
    }
}
