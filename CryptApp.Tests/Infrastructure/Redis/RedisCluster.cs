using System.Diagnostics;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.Redis;

/// <summary>
/// A Redis Cluster of three masters and no replicas, as <c>redis-cli --cluster create</c> builds it:
/// what Azure Managed Redis and self-run clusters look like to a client. A multi-key step whose keys
/// are in different hash slots fails here with CROSSSLOT, as it would there.
/// </summary>
public sealed class RedisCluster : IRedisFixture, IAsyncLifetime
{
    private const string Feature = "A Redis Cluster (redis-cli --cluster create)";

    private readonly List<RedisProcess> _nodes = [];
    private readonly string? _missing = TestRedis.MissingRedisServer(Feature);
    private ConnectionMultiplexer? _connection;

    /// <summary>Every test reaches the cluster through here, so on a machine without redis-server each one is skipped, saying why.</summary>
    public ConnectionMultiplexer Connection
    {
        get
        {
            if (_missing is not null)
            {
                RedisServerOnly.Require(Feature);
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
    private Task WaitForSlotsAsync() =>
        Eventually.Value(
            () => Task.WhenAll(_nodes.Select(n => _connection!.GetServer(n.Endpoint).ExecuteAsync("CLUSTER", "INFO"))),
            states => states.All(s => s.ToString().Contains("cluster_state:ok", StringComparison.Ordinal)),
            Timeouts.Process,
            states => $"every node to reach cluster_state:ok; saw {string.Join(" | ", states?.Select(s => s.ToString().Split('\n')[0].Trim()) ?? [])}");

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
