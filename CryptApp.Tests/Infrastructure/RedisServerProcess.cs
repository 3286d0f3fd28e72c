using System.Diagnostics;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure;

/// <summary>
/// A throw-away redis-server on 127.0.0.1 for tests of the data layer, stopped by its PID.
/// </summary>
public sealed class RedisServerProcess : IAsyncLifetime
{
    private Process? _process;
    private string? _directory;

    public ConnectionMultiplexer Connection { get; private set; } = null!;

    public int Port { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var binary = Environment.GetEnvironmentVariable("PATH")!.Split(Path.PathSeparator)
            .Select(d => Path.Combine(d, "redis-server"))
            .FirstOrDefault(File.Exists)
            ?? throw new InvalidOperationException("redis-server is not on PATH: run .ci/run or apt-get install -y redis-server.");

        Port = FreePort.Next();
        _directory = Directory.CreateTempSubdirectory("cryptapp-redis-").FullName;
        _process = Process.Start(new ProcessStartInfo(binary,
            ["--port", Port.ToString(), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", _directory])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        }) ?? throw new InvalidOperationException("redis-server did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.BeginOutputReadLine();

        var deadline = DateTime.UtcNow + Timeouts.Process;
        while (true)
        {
            try
            {
                Connection = await ConnectionMultiplexer.ConnectAsync($"127.0.0.1:{Port},connectTimeout=1000,allowAdmin=true");
                return;
            }
            catch (RedisConnectionException) when (DateTime.UtcNow < deadline && !_process.HasExited)
            {
                await Task.Delay(50);
            }
        }
    }

    public async Task FlushAsync() => await Connection.GetServer($"127.0.0.1:{Port}").FlushAllDatabasesAsync();

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }

        if (_process is { HasExited: false })
        {
            _process.Kill();
            await _process.WaitForExitAsync().Within(Timeouts.Process, "redis-server to exit");
        }

        _process?.Dispose();
        if (_directory is not null)
        {
            Directory.Delete(_directory, recursive: true);
        }
    }
}
