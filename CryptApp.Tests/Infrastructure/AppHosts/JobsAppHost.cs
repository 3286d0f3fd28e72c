namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// Two Worker replicas, a maintenance job every second (for once-per-slot), the ETL only on request
/// (no start-up run), and an exchange slow enough that a run can be watched, duplicated and canceled.
/// </summary>
public class JobsAppHost : CryptAppHost
{
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override int ApiReplicas => 2;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Worker:Replicas=2",
        "--Jobs:CollectProcessCryptos:Schedule=0 0 0 1 1 ? 2099",
        "--Jobs:PruneHistory:Schedule=00:00:01",
        "--Jobs:RunAtStartup=false",
        $"--Jobs:LeaseTimeout={LeaseTimeout:c}",
        "--Jobs:PollInterval=00:00:00.100",
    ];

    protected override void ConfigureBlockchain(FakeBlockchain exchange)
    {
        exchange.Latency = TimeSpan.FromMilliseconds(400);
        foreach (var symbol in exchange.Markets.Keys.Where(s => s.StartsWith("GEN", StringComparison.Ordinal)).ToList())
        {
            exchange.Set(symbol, FakeBehavior.Latency);
        }
    }
}
