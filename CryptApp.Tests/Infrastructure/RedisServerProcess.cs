using System.Diagnostics;
using System.Net.Sockets;

namespace CryptApp.Tests.Infrastructure;

/// <summary>
/// One redis-server process on 127.0.0.1, started with the arguments a test needs and stopped by its PID
/// (gracefully, or with SIGKILL to play a crash); it can be started again on the same port and directory.
/// </summary>
public sealed class RedisServerProcess : IAsyncDisposable
{
    private readonly string _binary;
    private readonly string[] _args;
    private Process? _process;

    private RedisServerProcess(string binary, int port, string directory, string[] args)
    {
        _binary = binary;
        Port = port;
        Directory = directory;
        _args = args;
    }

    public int Port { get; }

    public string Directory { get; }

    public string Endpoint => $"127.0.0.1:{Port}";

    public static string Binary(string name = "redis-server") =>
        Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, name))
            .FirstOrDefault(File.Exists)
        ?? throw new InvalidOperationException($"{name} is not on PATH: run .ci/run or apt-get install -y redis-server.");

    /// <param name="args">Beyond port, bind and directory, e.g. persistence or cluster settings.</param>
    public static async Task<RedisServerProcess> StartAsync(params string[] args)
    {
        var server = new RedisServerProcess(Binary(), FreePort.Next(), System.IO.Directory.CreateTempSubdirectory("cryptapp-redis-").FullName, args);
        await server.StartAsync();
        return server;
    }

    public async Task StartAsync()
    {
        _process = Process.Start(new ProcessStartInfo(_binary,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--dir", Directory, .. _args])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
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
            await _process.WaitForExitAsync().Within(Timeouts.Process, "redis-server to exit");
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
