using System.Diagnostics;
using System.Net.Sockets;
using StackExchange.Redis;

namespace CryptApp.Testing.Redis;

/// <summary>
/// One Redis server process on 127.0.0.1 (<see cref="TestRedis.Kind"/>: redis-server, or the embedded
/// Garnet server run as <c>dotnet CryptApp.EmbeddedRedis.dll</c>), started with the arguments a test needs
/// and stopped by its PID (gracefully, or with SIGKILL to play a crash); it can be started again on the
/// same port and directory.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    private readonly TestRedisKind _kind;
    private readonly string[] _args;
    private Process? _process;

    private RedisProcess(TestRedisKind kind, int port, string directory, string[] args)
    {
        _kind = kind;
        Port = port;
        Directory = directory;
        _args = args;
    }

    public int Port { get; }

    public string Directory { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public int? Pid => _process is { HasExited: false } process ? process.Id : null;

    /// <param name="redisServerArgs">
    /// Beyond port, bind and directory, e.g. persistence or cluster settings; redis-server's only
    /// (the embedded server keeps its data in memory and takes none).
    /// </param>
    public static async Task<RedisProcess> StartAsync(params string[] redisServerArgs) =>
        await StartAsync(TestRedis.Kind, redisServerArgs);

    public static async Task<RedisProcess> StartAsync(TestRedisKind kind, params string[] redisServerArgs)
    {
        // A free port can be taken by another test's server between FreePort and the bind: try another.
        for (var attempt = 1; ; attempt++)
        {
            var server = new RedisProcess(kind, FreePort.Next(), System.IO.Directory.CreateTempSubdirectory("cryptapp-redis-").FullName, redisServerArgs);
            try
            {
                await server.StartAsync();
                return server;
            }
            catch (PortTakenException) when (attempt < 3)
            {
                await server.DisposeAsync();
            }
        }
    }

    private async Task<bool> AcceptsConnectionAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    public async Task StartAsync()
    {
        var start = _kind == TestRedisKind.RedisServer
            ? new ProcessStartInfo(
                Executables.Require("redis-server", "apt-get install -y redis-server"),
                ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", Directory, .. _args])
            : new ProcessStartInfo("dotnet", [Executables.ProjectOutput("CryptApp.EmbeddedRedis"), "--port", Port.ToString()]);
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        _process = Process.Start(start) ?? throw new InvalidOperationException($"{_kind} did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var process = _process;
        var listening = await Eventually.Value(
            async () => (Accepts: await AcceptsConnectionAsync(), process.HasExited),
            state => state.Accepts || state.HasExited,
            Timeouts.Process,
            _ => $"{_kind} (PID {process.Id}) to listen on 127.0.0.1:{Port}",
            poll: TimeSpan.FromMilliseconds(20));
        if (!listening.Accepts)
        {
            throw new InvalidOperationException($"{_kind} (PID {process.Id}) exited with {process.ExitCode} before it listened on 127.0.0.1:{Port}");
        }

        // Whoever answers must be this process, not a server that holds the port while ours failed to bind.
        var started = _process.Id;
        if (await ServerPidAsync() is { } pid && pid != started)
        {
            await KillAsync();
            throw new PortTakenException($"127.0.0.1:{Port} is served by process {pid}, not by the {_kind} this test started ({started})");
        }
    }

    /// <summary>The answering server's <c>process_id</c> from <c>INFO server</c>, where it reports one (redis-server does).</summary>
    private async Task<int?> ServerPidAsync()
    {
        await using var redis = await ConnectionMultiplexer.ConnectAsync($"{Endpoint},allowAdmin=true,connectTimeout=5000");
        var info = await redis.GetServer(Endpoint).InfoAsync("server");
        return info.SelectMany(group => group).Where(p => p.Key == "process_id")
            .Select(p => (int?)int.Parse(p.Value, System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
    }

    /// <summary>SIGKILL, as an OOM kill or a node loss: no shutdown save, clients see the connection drop.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().Within(Timeouts.Process, $"{_kind} to exit");
        }

        _process?.Dispose();
        _process = null;
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
