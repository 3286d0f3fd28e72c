using CryptApp.Core.Venues;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// Every venue collected: Blockchain.com from the fake exchange, the five others from one
/// <see cref="FakeVenues"/> server, each with a budget fast enough for a run a second and bans that end
/// within a test.
/// </summary>
public class VenuesAppHost : CryptAppHost
{
    public FakeVenues Venues { get; private set; } = null!;

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override IEnumerable<string> ExtraArgs =>
    [
        .. VenueCatalog.L2Venues.SelectMany(v => new[]
        {
            $"--{v.SectionName}:Enabled=true",
            $"--{v.SectionName}:BaseUrl={Venues.BaseUrl(v.Id)}",
            $"--{v.SectionName}:Symbols=*",
            $"--{v.SectionName}:Budget=1000",
            $"--{v.SectionName}:BudgetWindow=00:00:01",
            // Above the slow fakes (1.5 s, and 3 s in the spread stop tests): a starved machine must not turn slow into failed.
            $"--{v.SectionName}:RequestTimeout=00:00:06",
            $"--{v.SectionName}:BanBackoff=00:00:05",
        }),
        // Cut to fewer levels than the recorded book holds (10 a side), all within 5 % of mid: its depth is not complete.
        $"--{VenueCatalog.Binance.SectionName}:Depth=5",
        $"--{VenueCatalog.Binance.SectionName}:AdaptDepth=false",
        // Coinbase answers its whole book whatever depth is asked: kept whole all the same.
        $"--{VenueCatalog.Coinbase.SectionName}:Depth=10",
    ];

    public override async ValueTask InitializeAsync()
    {
        Venues = await FakeVenues.StartAsync(TestContext.Current.CancellationToken).Within(Timeouts.Process, "the fake venues to start");
        // A ban a test provokes ends within it.
        Venues.BanSeconds = 5;
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Venues is not null)
        {
            await Venues.DisposeAsync();
        }
    }
}
