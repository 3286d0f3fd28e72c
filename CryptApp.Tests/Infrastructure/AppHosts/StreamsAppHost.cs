using CryptApp.Core.Venues;
using CryptApp.Testing.Fakes.Streams;

namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// Bybit streamed from <see cref="FakeStreams"/> by three Worker replicas (one holds the stream's lease, the others wait
/// for it), its live books written to Redis and served by the Api, and audited by the REST runs a test triggers (none
/// runs on a schedule). Blockchain.com is off: its L3 books would cost every run most of a core. The stream's lease is short so a killed
/// owner is replaced within a test.
/// </summary>
public sealed class StreamsAppHost : CryptAppHost
{
    public static readonly TimeSpan LeaseTime = TimeSpan.FromSeconds(3);

    public const string Venue = VenueIds.Bybit;

    public FakeStreams Streams { get; private set; } = null!;

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Worker:Replicas=3",
        $"--{VenueCatalog.Blockchain.SectionName}:Enabled=false",
        "--Jobs:CollectProcessCryptos:Schedule=0 0 0 1 1 ? 2099",
        "--Jobs:RunAtStartup=false",
        $"--{VenueCatalog.Bybit.SectionName}:Enabled=true",
        $"--{VenueCatalog.Bybit.SectionName}:BaseUrl={Streams.RestUrl(Venue)}",
        $"--{VenueCatalog.Bybit.SectionName}:Symbols=*",
        $"--{VenueCatalog.Bybit.SectionName}:Stream:Enabled=true",
        $"--{VenueCatalog.Bybit.SectionName}:Stream:Url={Streams.StreamUrl(Venue)}",
        $"--Stream:LeaseTime={LeaseTime:c}",
        "--Stream:LeasePoll=00:00:00.200",
        // The test pushes when it wants to: a book stays fresh between its steps.
        "--Stream:StaleAfter=00:01:00",
    ];

    public override async ValueTask InitializeAsync()
    {
        Streams = await FakeStreams.StartAsync(TestContext.Current.CancellationToken).Within(Timeouts.Process, "the fake streams to start");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (Streams is not null)
        {
            await Streams.DisposeAsync();
        }
    }
}
