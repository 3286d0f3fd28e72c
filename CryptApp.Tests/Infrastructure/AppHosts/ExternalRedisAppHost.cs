namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// The AppHost on a Redis this test runs itself (<c>Cache:Mode=External</c>), with the append-only file
/// on, so the test can kill it with SIGKILL and start it again on the same port and data.
/// </summary>
public sealed class ExternalRedisAppHost : CryptAppHost
{
    public static readonly TimeSpan LeaseTimeout = TimeSpan.FromSeconds(3);

    public RedisProcess Redis { get; private set; } = null!;

    protected override string CacheMode => "External";

    protected override IEnumerable<string> ExtraArgs =>
    [
        $"--ConnectionStrings:cache={Redis.Endpoint}",
        $"--Jobs:LeaseTimeout={LeaseTimeout:c}",
        "--Jobs:PollInterval=00:00:00.100",
    ];

    public override async ValueTask InitializeAsync()
    {
        Redis = await RedisProcess.StartAsync("--appendonly", "yes", "--save", "");
        await base.InitializeAsync();
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await Redis.DisposeAsync();
    }
}
