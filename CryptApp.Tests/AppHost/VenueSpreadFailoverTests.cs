namespace CryptApp.Tests.AppHost;

/// <summary>
/// A Worker killed with SIGKILL while it runs venue parts of a run another replica owns: a surviving
/// replica takes those parts again once their lease lapses, and the run ends as a run without the kill would,
/// every venue collected, the killed Worker's unfinished venues on their second attempt.
/// </summary>
[Collection(SpreadStopCollection.Name)]
public sealed class VenueSpreadFailoverTests(SpreadStopAppHost host)
{
    [Fact(Timeout = 180_000)]
    public Task A_killed_workers_venue_parts_are_run_again_by_a_survivor_and_the_run_completes() =>
        VenueSpread.StopAPartWorkerMidRunAsync(host, kill: true, TestContext.Current.CancellationToken);
}
