using System.Diagnostics;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure;

/// <summary>A real Redis for the data-layer tests: one server, or a cluster.</summary>
public interface IRedisFixture
{
    ConnectionMultiplexer Connection { get; }

    /// <summary>Empties every node.</summary>
    Task FlushAsync();
}

/// <summary>A throw-away Redis server (redis-server, or the embedded server where there is none), no persistence.</summary>
public sealed class RedisServer : IRedisFixture, IAsyncLifetime
{
    private RedisProcess? _server;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public string Endpoint => _server!.Endpoint;

    public async ValueTask InitializeAsync()
    {
        _server = await RedisProcess.StartAsync("--save", "", "--appendonly", "no");
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

/// <summary>
/// A Redis Cluster of three masters and no replicas, as <c>redis-cli --cluster create</c> builds it:
/// what Azure Managed Redis and self-run clusters look like to a client. A multi-key step whose keys
/// are in different hash slots fails here with CROSSSLOT, as it would there.
/// </summary>
public sealed class RedisCluster : IRedisFixture, IAsyncLifetime
{
    private readonly List<RedisProcess> _nodes = [];
    private readonly string? _missing = TestRedis.MissingRedisServer("A Redis Cluster (redis-cli --cluster create)");
    private ConnectionMultiplexer? _connection;

    /// <summary>Every test reaches the cluster through here, so on a machine without redis-server each one is skipped, saying why.</summary>
    public ConnectionMultiplexer Connection
    {
        get
        {
            if (_missing is not null)
            {
                Assert.Skip(_missing);
            }

            return _connection!;
        }
    }

    public string ConnectionString => string.Join(',', _nodes.Select(n => n.Endpoint));

    public async ValueTask InitializeAsync()
    {
        if (_missing is not null)
        {
            return;
        }

        for (var i = 0; i < 3; i++)
        {
            _nodes.Add(await RedisProcess.StartAsync(TestRedisKind.RedisServer,
                "--cluster-enabled", "yes", "--cluster-config-file", "nodes.conf", "--cluster-node-timeout", "5000",
                "--save", "", "--appendonly", "no"));
        }

        await CreateClusterAsync();
        _connection = await ConnectionMultiplexer.ConnectAsync($"{ConnectionString},connectTimeout=2000,allowAdmin=true");
        await WaitForSlotsAsync();
    }

    private async Task CreateClusterAsync()
    {
        using var cli = Process.Start(new ProcessStartInfo(Executables.Require("redis-cli", "apt-get install -y redis-tools"),
            ["--cluster", "create", .. _nodes.Select(n => n.Endpoint), "--cluster-replicas", "0", "--cluster-yes"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-cli did not start.");
        var output = cli.StandardOutput.ReadToEndAsync();
        var error = cli.StandardError.ReadToEndAsync();
        try
        {
            await cli.WaitForExitAsync().Within(Timeouts.Process, "redis-cli --cluster create");
        }
        finally
        {
            if (!cli.HasExited)
            {
                cli.Kill();
            }
        }

        if (cli.ExitCode != 0)
        {
            throw new InvalidOperationException($"redis-cli --cluster create failed ({cli.ExitCode}): {await output} {await error}");
        }
    }

    /// <summary>Every node must know all 16,384 slots before a test writes.</summary>
    private async Task WaitForSlotsAsync()
    {
        var deadline = DateTime.UtcNow + Timeouts.Process;
        while (true)
        {
            var states = await Task.WhenAll(_nodes.Select(n => Connection.GetServer(n.Endpoint).ExecuteAsync("CLUSTER", "INFO")));
            if (states.All(s => s.ToString().Contains("cluster_state:ok", StringComparison.Ordinal)))
            {
                return;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"The cluster did not reach cluster_state:ok within {Timeouts.Process}.");
            }

            await Task.Delay(100);
        }
    }

    public async Task FlushAsync()
    {
        foreach (var node in _nodes)
        {
            await Connection.GetServer(node.Endpoint).FlushAllDatabasesAsync();
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        foreach (var node in _nodes)
        {
            await node.DisposeAsync();
        }
    }
}
