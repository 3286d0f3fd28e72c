namespace CryptApp.Testing.Redis;

/// <summary>
/// The tests pick their Redis as the AppHost's <c>Cache:Mode=Auto</c> does without a container runtime:
/// <c>redis-server</c> on PATH, else the embedded server. <c>CRYPTAPP_TEST_REDIS=RedisServer|Embedded</c>
/// forces either (forcing <c>RedisServer</c> without one on PATH fails with the fix).
/// </summary>
public static class TestRedis
{
    public const string Setting = "CRYPTAPP_TEST_REDIS";

    private static readonly Lazy<TestRedisKind> Resolved = new(Resolve);

    public static TestRedisKind Kind => Resolved.Value;

    /// <summary>The AppHost's <c>Cache:Mode</c> that runs the same server.</summary>
    public static string AppHostCacheMode => Kind == TestRedisKind.RedisServer ? "RedisServer" : "Embedded";

    /// <summary>Why a test that needs redis-server's own features cannot run here, or null when it can.</summary>
    public static string? MissingRedisServer(string feature) => Kind == TestRedisKind.RedisServer
        ? null
        : $"{feature} needs redis-server, and the tests run the embedded server ({Describe()}).";

    public static string Describe() => Environment.GetEnvironmentVariable(Setting) is { Length: > 0 } forced
        ? $"{Setting}={forced}"
        : "no redis-server on PATH";

    private static TestRedisKind Resolve()
    {
        var setting = Environment.GetEnvironmentVariable(Setting);
        if (string.IsNullOrWhiteSpace(setting) || setting.Equals("Auto", StringComparison.OrdinalIgnoreCase))
        {
            return Executables.Find("redis-server") is null ? TestRedisKind.Embedded : TestRedisKind.RedisServer;
        }

        if (!Enum.TryParse<TestRedisKind>(setting, ignoreCase: true, out var kind))
        {
            throw new InvalidOperationException($"{Setting}={setting} is not one of Auto, RedisServer, Embedded.");
        }

        if (kind == TestRedisKind.RedisServer && Executables.Find("redis-server") is null)
        {
            throw new InvalidOperationException($"{Setting}=RedisServer but redis-server is not on PATH: apt-get install -y redis-server.");
        }

        return kind;
    }
}
