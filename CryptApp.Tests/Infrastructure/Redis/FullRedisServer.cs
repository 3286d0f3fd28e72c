using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.Redis;

/// <summary>
/// A redis-server that can be filled: <c>noeviction</c>, and a <c>maxmemory</c> a little above what it holds, so a
/// test fills it with a few megabytes and frees them again. Only redis-server has <c>maxmemory</c>: where the tests
/// run the embedded server nothing starts, and the tests are skipped (<see cref="RedisServerOnly"/>).
/// </summary>
public sealed class FullRedisServer : IAsyncLifetime
{
    public const string Feature = "A full Redis (maxmemory with noeviction)";

    private const string Filler = "filler:";
    private RedisProcess? _server;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        if (TestRedis.MissingRedisServer(Feature) is not null)
        {
            return;
        }

        _server = await RedisProcess.StartAsync(TestRedisKind.RedisServer, "--save", "", "--appendonly", "no", "--maxmemory-policy", "noeviction");
        Connection = await ConnectionMultiplexer.ConnectAsync($"{_server.Endpoint},connectTimeout=2000,allowAdmin=true");
    }

    private IServer Server => Connection.GetServer(_server!.Endpoint);

    /// <summary>Empties the server and caps it at what it holds empty plus 4 MB.</summary>
    public async Task ResetAsync()
    {
        await Server.ConfigSetAsync("maxmemory", "0");
        await Server.FlushAllDatabasesAsync();
        await Server.ConfigSetAsync("maxmemory", (await UsedMemoryAsync() + (4 << 20)).ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>
    /// Writes 64 KB values until Redis refuses one, then lowers <c>maxmemory</c> just below what it holds, so it stays
    /// full whatever its buffers do next; returns the refusal.
    /// </summary>
    public async Task<RedisServerException> FillAsync()
    {
        var db = Connection.GetDatabase();
        var value = new byte[64 << 10];
        for (var i = 0; i < 1_000; i++)
        {
            try
            {
                await db.StringSetAsync($"{Filler}{i}", value);
            }
            catch (RedisServerException full) when (full.Message.StartsWith("OOM", StringComparison.Ordinal))
            {
                await Server.ConfigSetAsync("maxmemory", (await UsedMemoryAsync() - (256 << 10)).ToString(System.Globalization.CultureInfo.InvariantCulture));
                return full;
            }
        }

        throw new InvalidOperationException("64 MB written and Redis never refused a write: maxmemory is not set");
    }

    private async Task<long> UsedMemoryAsync() =>
        long.Parse((await Server.InfoAsync("memory")).SelectMany(g => g).Single(p => p.Key == "used_memory").Value, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Deletes what <see cref="FillAsync"/> wrote.</summary>
    public async Task FreeAsync()
    {
        var db = Connection.GetDatabase();
        await foreach (var key in Server.KeysAsync(pattern: Filler + "*", pageSize: 1_000))
        {
            await db.KeyDeleteAsync(key);
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_server is not null)
        {
            await _server.DisposeAsync();
        }
    }
}
