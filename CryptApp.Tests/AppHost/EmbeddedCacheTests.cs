using Aspire.Hosting.Testing;

namespace CryptApp.Tests.AppHost;

/// <summary>With neither a container runtime nor redis-server, the embedded Garnet server carries the system.</summary>
[Collection(FaultsCollection.Name)]
public sealed class EmbeddedCacheTests(FaultsAppHost host)
{
    [Fact(Timeout = 120_000)]
    public async Task Embedded_cache_serves_collected_markets_end_to_end()
    {
        var ct = TestContext.Current.CancellationToken;
        await host.Api.WaitForMarketsAsync(ct, FakeMarkets.Recorded);

        var body = await host.Api.GetJsonAsync("/cryptos/BTC-USD/bids", ct);

        var pandas = (await PandasOracle.ComputeAsync([Fixtures.BtcUsdBook], ct)).Books.Single();
        Assert.Equal(BitConverter.Int64BitsToDouble(pandas.Bids.TotalQty), (double)body["bids"]!["total_qty"]!);
    }

    [Fact(Timeout = 60_000)]
    public async Task The_embedded_server_refuses_a_client_without_the_password()
    {
        var ct = TestContext.Current.CancellationToken;
        var connectionString = (await host.App.GetConnectionStringAsync("cache", ct))!;

        Assert.Contains(",password=", connectionString, StringComparison.Ordinal);
        Assert.StartsWith("-NOAUTH", await StrangerProbe.ReplyAsync(connectionString, "SET planted 1", ct), StringComparison.Ordinal);
    }
}
