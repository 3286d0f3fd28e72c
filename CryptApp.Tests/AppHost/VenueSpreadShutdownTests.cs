namespace CryptApp.Tests.AppHost;

/// <summary>
/// A Worker stopped with SIGTERM (a rolling deploy, a scale-in) while it runs venue parts of a run another
/// replica owns: it hands them back at once, another replica runs them, and the run ends as usual, not canceled.
/// </summary>
[Collection(SpreadStopCollection.Name)]
public sealed class VenueSpreadShutdownTests(SpreadStopAppHost host)
{
    [Fact(Timeout = 180_000)]
    public Task A_stopped_workers_venue_parts_are_handed_back_and_the_run_completes() =>
        VenueSpread.StopAPartWorkerMidRunAsync(host, kill: false, TestContext.Current.CancellationToken);
}
