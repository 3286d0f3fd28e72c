using System.Text.Json.Nodes;

namespace CryptApp.Tests.AppHost;

/// <summary>Listing, the job catalogue and the API's documentation.</summary>
[Collection(RedisServerCollection.Name)]
public sealed class ApiResourceTests(RedisServerAppHost host)
{
    private const int TestTimeout = 60_000;

    [Fact(Timeout = TestTimeout)]
    public async Task Markets_list_searches_sorts_and_pages()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded, "GEN00-USD", "GEN03-USD");

        var byCurrency = await host.Api.GetJsonAsync("/api/v1/markets?search=usd&sort=mid&order=desc&pageSize=3", ct);
        var items = byCurrency["items"]!.AsArray();
        Assert.Equal(3, items.Count);
        Assert.Equal(3, (int)byCurrency["pageSize"]!);
        Assert.True((int)byCurrency["total"]! > 3);
        var mids = items.Select(i => (double)i!["mid"]!).ToList();
        Assert.Equal(mids.OrderDescending(), mids);
        Assert.All(items, i => Assert.Contains("USD", (string)i!["symbol"]!));

        var second = await host.Api.GetJsonAsync("/api/v1/markets?search=usd&sort=mid&order=desc&pageSize=3&page=2", ct);
        Assert.Empty(second["items"]!.AsArray().Select(i => (string)i!["symbol"]!).Intersect(items.Select(i => (string)i!["symbol"]!)));

        var one = await host.Api.GetJsonAsync("/api/v1/markets?search=btc-usd", ct);
        Assert.Equal(["BTC-USD"], one["items"]!.AsArray().Select(i => (string)i!["symbol"]!));
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Job_catalogue_shows_schedule_and_fire_times()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        var jobs = (await host.Api.GetJsonAsync("/api/v1/jobs", ct)).AsArray();

        var job = jobs.Single(j => (string)j!["name"]! == "CollectProcessCryptos")!;
        Assert.Equal("collect-process-cryptos", (string)job["id"]!);
        Assert.Equal("every 00:00:01", (string)job["schedule"]!);
        Assert.NotNull(job["nextFireAt"]);
        Assert.NotNull(job["previousFireAt"]);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Openapi_document_describes_every_endpoint_with_problem_responses()
    {
        var ct = TestContext.Current.CancellationToken;

        var document = await host.Api.GetJsonAsync("/openapi/v1.json", ct);
        var paths = document["paths"]!.AsObject();

        foreach (var path in new[]
                 {
                     "/api/v1/markets", "/api/v1/markets/{symbol}", "/api/v1/markets/{symbol}/book", "/api/v1/markets/{symbol}/slippage",
                     "/api/v1/markets/{symbol}/history", "/api/v1/jobs", "/api/v1/jobs/runs", "/api/v1/jobs/runs/{id}",
                     "/cryptos/{symbol}", "/cryptos/{symbol}/bids", "/cryptos/{symbol}/asks", "/tools/health",
                     "/api/v1/exchanges", "/api/v1/pairs", "/api/v1/pairs/{pair}", "/api/v1/pairs/{pair}/slippage",
                 })
        {
            var operation = paths[path]?["get"];
            Assert.True(operation is not null, $"{path} is not documented");
            Assert.False(string.IsNullOrEmpty((string?)operation["summary"]), $"{path} has no summary");
        }

        var market = paths["/api/v1/markets/{symbol}"]!["get"]!["responses"]!.AsObject();
        Assert.Contains("200", market.Select(r => r.Key));
        Assert.Contains("404", market.Select(r => r.Key));
        Assert.Contains("400", market.Select(r => r.Key));
        Assert.NotNull(paths["/api/v1/markets/{symbol}/slippage"]!["get"]!["parameters"]);
    }

    [Fact(Timeout = TestTimeout)]
    public async Task Scalar_reference_page_is_served()
    {
        var ct = TestContext.Current.CancellationToken;

        var page = await host.Api.GetStringAsync("/scalar", ct);

        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
    }
}
