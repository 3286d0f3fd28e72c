using System.Globalization;

namespace CryptApp.Tests.AppHost;

/// <summary>
/// Two Workers start on an empty store with an hourly schedule: one of them collects at once (a
/// start-up run), and only one.
/// </summary>
public sealed class StartupRunTests(StartupAppHost host) : IClassFixture<StartupAppHost>
{
    [Fact(Timeout = 180_000)]
    public async Task Workers_starting_on_an_empty_store_collect_at_once_and_once()
    {
        var ct = TestContext.Current.CancellationToken;

        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        var runs = (await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=50&fresh={Guid.NewGuid():N}", ct))["items"]!.AsArray();
        Assert.True(runs.Count == 1, $"expected one run, got {runs.ToJsonString()}");
        var run = runs[0];
        Assert.Equal("startup", (string)run!["trigger"]!);
        var final = await JobRuns.WaitForFinalAsync(host.Api, (string)run["id"]!, ct);
        Assert.Equal((int)final["symbolsTotal"]!, (int)final["symbolsDone"]!);
        var next = DateTimeOffset.Parse(
            (string)(await host.Api.GetJsonAsync("/api/v1/jobs", ct)).AsArray().Single(j => (string)j!["id"]! == "collect-process-cryptos")!["nextFireAt"]!,
            CultureInfo.InvariantCulture);
        Assert.Equal(0, next.Minute);
        Assert.Single((await host.Api.GetJsonAsync($"/api/v1/jobs/runs?job=collect-process-cryptos&pageSize=50&fresh={Guid.NewGuid():N}", ct))["items"]!.AsArray());
    }
}
