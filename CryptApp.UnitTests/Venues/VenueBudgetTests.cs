using CryptApp.Core.Venues;
using CsCheck;

namespace CryptApp.UnitTests.Venues;

/// <summary>
/// The budget's rule over generated arrival patterns on a fake clock (explicit instants): requests arrive after
/// random gaps with random costs (and the venue now and then reports more spent than we know); each waits as the
/// gate does, for what <see cref="VenueBudget.TryTake"/> says, then asks again. Checked from the grants alone.
/// </summary>
public sealed class VenueBudgetTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private sealed record Arrival(int GapMs, int Cost, int? VenueUsed);

    private sealed record Pattern(int Budget, int WindowMs, Arrival[] Arrivals);

    private static readonly Gen<Pattern> Patterns =
        from budget in Gen.Int[1, 60]
        from windowMs in Gen.Int[1, 120_000]
        from arrivals in Gen.Select(
                Gen.OneOf(Gen.Int[0, 0], Gen.Int[0, 50], Gen.Int[0, 2 * 120_000]),
                Gen.Int[1, 60],
                Gen.Int[0, 9],
                Gen.Int[0, 60],
                (gap, cost, reports, used) => new Arrival(gap, cost, reports == 0 ? used : null))
            .Array[1, 120]
        select new Pattern(budget, windowMs, arrivals);

    private sealed record Grant(DateTimeOffset Arrived, DateTimeOffset At, double Cost);

    private static List<Grant> Run(Pattern pattern, out List<(DateTimeOffset At, double Used)> reported)
    {
        var window = TimeSpan.FromMilliseconds(pattern.WindowMs);
        var budget = new VenueBudget(pattern.Budget, window);
        var grants = new List<Grant>();
        reported = [];
        var now = Start;
        foreach (var arrival in pattern.Arrivals)
        {
            now = now.AddMilliseconds(arrival.GapMs);
            var arrived = now;
            for (var asked = 0; ; asked++)
            {
                Assert.True(asked < 1_000, $"a request of {arrival.Cost} was still waiting after 1,000 waits");
                var wait = budget.TryTake(now, arrival.Cost);
                if (wait == TimeSpan.Zero)
                {
                    break;
                }

                Assert.True(wait > TimeSpan.Zero && wait <= window + TimeSpan.FromMilliseconds(1), $"a wait of {wait} in a window of {window}");
                now += wait;
            }

            grants.Add(new Grant(arrived, now, Math.Min(arrival.Cost, pattern.Budget)));
            if (arrival.VenueUsed is { } used)
            {
                budget.SpentAtLeast(now, used);
                reported.Add((now, used));
            }
        }

        return grants;
    }

    [Fact]
    public void No_span_of_one_window_carries_more_than_the_budget()
    {
        Patterns.Sample(pattern =>
        {
            var grants = Run(pattern, out _);
            var window = TimeSpan.FromMilliseconds(pattern.WindowMs);
            // The spans that matter start at a grant: any span holding grants holds no more than the one starting at its first.
            foreach (var first in grants)
            {
                var carried = grants.Where(g => g.At >= first.At && g.At < first.At + window).Sum(g => g.Cost);
                Assert.True(
                    carried <= pattern.Budget + 1e-6,
                    $"budget {pattern.Budget} per {pattern.WindowMs} ms: the span from {first.At:HH:mm:ss.fff} carried {carried}");
            }
        }, iter: 2_000);
    }

    [Fact]
    public void A_request_waits_only_until_spending_leaves_the_window_and_no_longer()
    {
        Patterns.Sample(pattern =>
        {
            var grants = Run(pattern, out var reported);
            var window = TimeSpan.FromMilliseconds(pattern.WindowMs);
            var oneMs = TimeSpan.FromMilliseconds(1);
            // What left the window just as the request went: one of ours, or what the venue reported spent.
            var departures = grants.Select(g => g.At + window).Concat(reported.Select(r => r.At + window)).ToList();
            foreach (var grant in grants.Where(g => g.At > g.Arrived))
            {
                Assert.True(
                    departures.Any(d => d <= grant.At && grant.At < d + oneMs),
                    $"budget {pattern.Budget} per {pattern.WindowMs} ms: a request of {grant.Cost} arrived {grant.Arrived:HH:mm:ss.fff} and went {grant.At:HH:mm:ss.fff}, when nothing left the window");
            }
        }, iter: 2_000);
    }

    [Fact]
    public void What_the_venue_reports_spent_counts_for_one_window_from_when_it_was_reported()
    {
        var budget = new VenueBudget(6000, TimeSpan.FromMinutes(1));
        Assert.Equal(TimeSpan.Zero, budget.TryTake(Start, 50));

        budget.SpentAtLeast(Start.AddSeconds(10), 5990);
        Assert.Equal(10, budget.Available(Start.AddSeconds(10)), precision: 6);
        // The 50 spent first leaves at 60 s and makes room; the reported rest stays until 70 s.
        Assert.Equal(TimeSpan.FromSeconds(50), budget.TryTake(Start.AddSeconds(10), 50));
        Assert.Equal(TimeSpan.Zero, budget.TryTake(Start.AddSeconds(70), 50));

        // Less than this budget counted is no news: nothing is added.
        budget.SpentAtLeast(Start.AddSeconds(70), 10);
        Assert.Equal(6000 - 50, budget.Available(Start.AddSeconds(70)), precision: 6);
    }
}
