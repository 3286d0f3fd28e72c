using CryptApp.Api.Validation;
using CryptApp.Core.Markets;

namespace CryptApp.Api.Queries;

/// <summary>
/// A history range, validated and snapped outward to its interval's grid (from the Unix epoch), so
/// nearby ranges share one cache entry and the cache's key space stays bounded.
/// </summary>
public sealed record HistoryQuery(DateTimeOffset From, DateTimeOffset To, TimeSpan Interval)
{
    public static HistoryQuery? Parse(string? from, string? to, string? interval, DateTimeOffset now, Errors errors)
    {
        var end = QueryRules.Time(to, "to", errors) ?? now;
        var start = QueryRules.Time(from, "from", errors) ?? end - TimeSpan.FromHours(24);
        var step = QueryRules.Interval(interval, errors);
        if (errors.Any)
        {
            return null;
        }

        if (start >= end)
        {
            errors.Add("from", "must be earlier than 'to'");
            return null;
        }

        var chosen = step ?? HistoryBuckets.ChooseInterval(start, end);
        var snapped = new HistoryQuery(Floor(start, chosen), Ceiling(end, chosen), chosen);
        if ((snapped.To - snapped.From) / chosen > HistoryBuckets.MaxBuckets)
        {
            errors.Add("interval", $"gives more than {HistoryBuckets.MaxBuckets} buckets for this range: choose a longer interval or a shorter range");
            return null;
        }

        return snapped;
    }

    /// <summary>The cache key of the range: equal for every request that gets the same answer.</summary>
    public string Key => $"{From.ToUnixTimeSeconds()}:{To.ToUnixTimeSeconds()}:{(long)Interval.TotalSeconds}";

    private static DateTimeOffset Floor(DateTimeOffset time, TimeSpan step) =>
        DateTimeOffset.UnixEpoch.AddTicks((time.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / step.Ticks * step.Ticks);

    private static DateTimeOffset Ceiling(DateTimeOffset time, TimeSpan step)
    {
        var floor = Floor(time, step);
        return floor == time ? time : floor + step;
    }
}
