using System.Diagnostics;
using System.Net.Sockets;

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
        var server = new RedisProcess(kind, FreePort.Next(), System.IO.Directory.CreateTempSubdirectory("cryptapp-redis-").FullName, redisServerArgs);
        await server.StartAsync();
        return server;
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

        var deadline = DateTime.UtcNow + Timeouts.Process;
        while (true)
        {
            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", Port);
                return;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(20);
            }
        }
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
