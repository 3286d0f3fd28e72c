using System.Globalization;
using System.Text.Json;
using Aspire.Hosting.Testing;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Exchanges.Venues;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using StackExchange.Redis;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// A Worker killed with SIGKILL while it runs venue parts of a run another replica owns: the survivor
/// takes those parts again once their lease lapses, and the run ends as a run without the kill would,
/// every venue collected, the killed Worker's unfinished venues on their second attempt.
/// </summary>
public sealed class VenueSpreadFailoverTests(SpreadFailoverAppHost host) : IClassFixture<SpreadFailoverAppHost>
{
    [Fact(Timeout = 180_000)]
    public Task A_killed_workers_venue_parts_are_run_again_by_the_survivor_and_the_run_completes() =>
        VenueSpread.StopAPartWorkerMidRunAsync(host, kill: true, TestContext.Current.CancellationToken);
}
