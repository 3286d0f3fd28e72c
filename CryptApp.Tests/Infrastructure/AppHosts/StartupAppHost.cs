namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// An empty store, two Worker replicas and an hourly schedule: only the start-up run can collect
/// anything within a test's time.
/// </summary>
public sealed class StartupAppHost : CryptAppHost
{
    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Worker:Replicas=2",
        "--Etl:Interval=01:00:00",
        "--Jobs:PruneHistory:Schedule=01:00:00",
        // The one run must collect every market: a starved machine once timed out the recorded book twice at 1 s.
        "--Exchanges:Blockchain:RequestTimeout=00:00:10",
    ];
}
