using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.Redis;

/// <summary>A throw-away Redis server (<see cref="TestRedis.Kind"/>: redis-server, or the embedded server where there is none), no persistence.</summary>
public class RedisServer : IRedisFixture, IAsyncLifetime
{
    private RedisProcess? _server;

    protected virtual TestRedisKind Kind => TestRedis.Kind;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public string Endpoint => _server!.Endpoint;

    public async ValueTask InitializeAsync()
    {
        _server = await RedisProcess.StartAsync(Kind, "--save", "", "--appendonly", "no");
        Connection = await ConnectionMultiplexer.ConnectAsync($"{_server.Endpoint},connectTimeout=2000,allowAdmin=true");
    }

    public async Task FlushAsync() => await Connection.GetServer(_server!.Endpoint).FlushAllDatabasesAsync();

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
