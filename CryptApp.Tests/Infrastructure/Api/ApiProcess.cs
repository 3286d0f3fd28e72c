using System.Diagnostics;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>
/// The Api as its own process, as deployed (<c>dotnet CryptApp.Api.dll</c>, Production, logs at Warning, rate limiting
/// off), on 127.0.0.1 over a real Redis that holds what the Worker's collection code stored from the fake exchange.
/// Its memory is the process's own (<see cref="ResidentBytes"/>); it is stopped by its PID.
/// </summary>
public sealed class ApiProcess : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private Process? _api;

    public HttpClient Api { get; private set; } = null!;

    public ConnectionMultiplexer Redis => _redis.Connection;

    public DateTimeOffset CollectedAt { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await _redis.InitializeAsync();
        await using (var exchange = await FakeBlockchain.StartAsync(FakeMarkets.Create(), ct))
        using (var worker = InProcessWorker.Build(_redis.Endpoint, exchange.BaseUrl))
        {
            CollectedAt = DateTimeOffset.UtcNow;
            await worker.CollectBlockchainAsync(ct);
        }

        var port = FreePort.Next();
        var start = new ProcessStartInfo("dotnet", [Executables.ProjectOutput("CryptApp.Api"), "--urls", $"http://127.0.0.1:{port}"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = Path.GetDirectoryName(Executables.ProjectOutput("CryptApp.Api"))!,
            Environment =
            {
                ["ASPNETCORE_ENVIRONMENT"] = "Production",
                ["DOTNET_ENVIRONMENT"] = "Production",
                ["ConnectionStrings__cache"] = _redis.Endpoint,
                ["Api__RateLimit__PermitLimit"] = "0",
                ["Logging__LogLevel__Default"] = "Warning",
            },
        };
        _api = Process.Start(start) ?? throw new InvalidOperationException("the Api did not start");
        _api.OutputDataReceived += (_, _) => { };
        _api.ErrorDataReceived += (_, _) => { };
        _api.BeginOutputReadLine();
        _api.BeginErrorReadLine();
        Api = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = Timeouts.Request };
        await Eventually.Value(
            async () => (await Api.GetAsync("/health", ct)).IsSuccessStatusCode,
            healthy => healthy,
            Timeouts.Process,
            _ => $"the Api (PID {_api.Id}{(_api.HasExited ? $", exited {_api.ExitCode}" : "")}) to answer /health",
            ct,
            transient: ex => ex is HttpRequestException && !_api.HasExited);
    }

    /// <summary>The Api process's resident memory (VmRSS).</summary>
    public long ResidentBytes
    {
        get
        {
            _api!.Refresh();
            return _api.WorkingSet64;
        }
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_api is not null)
        {
            if (!_api.HasExited)
            {
                _api.Kill();
                await _api.WaitForExitAsync().Within(Timeouts.Process, $"the Api (PID {_api.Id}) to exit");
            }

            _api.Dispose();
        }

        await _redis.DisposeAsync();
    }
}
