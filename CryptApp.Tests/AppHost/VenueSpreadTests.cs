using System.Text.Json;
using CryptApp.Core.Venues;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// Two Worker replicas share each run's venues: every run started while both are live has its venue
/// parts run by both, neither taking more than its fair share, and the run's record names each venue's Worker.
/// </summary>
public sealed class VenueSpreadTests(SpreadVenuesAppHost host) : IClassFixture<SpreadVenuesAppHost>
{
    [Fact(Timeout = 180_000)]
    public async Task A_runs_venues_are_spread_over_both_live_workers_each_taking_its_fair_share()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var redis = await VenueSpread.ConnectAsync(host, ct);
        var live = await VenueSpread.LiveWorkersAsync(redis, 2, ct);
        var since = DateTimeOffset.UtcNow;

        // Three runs in a row, so the rule is seen holding whichever replica owns the run.
        for (var i = 0; i < 3; i++)
        {
            var run = await VenueSpread.RunStartedAfterAsync(redis, since, ct);
            since = run.StartedAt!.Value;
            var collected = run.Venues!.Where(v => v.Status != "Skipped").ToList();
            var byWorker = collected.GroupBy(v => v.Worker).ToDictionary(g => g.Key ?? "(none)", g => g.Select(v => v.Venue).ToList());
            var detail = JsonSerializer.Serialize(run.Venues);

            Assert.Equal(VenueCatalog.All.Count, collected.Count);
            Assert.True(byWorker.Keys.Order().SequenceEqual(live.Order()), $"run {run.Id}: venues {detail}; live Workers {string.Join(", ", live)}");
            Assert.All(byWorker.Values, venues => Assert.True(venues.Count <= (VenueCatalog.All.Count + 1) / 2, $"run {run.Id}: {detail}"));
            VenueSpread.AssertCollectedAsUsual(run);
        }
    }
}
