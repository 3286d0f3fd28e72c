using CryptApp.Api.Extensions;
using CryptApp.Api.Streams;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>
/// The Api in process on real Kestrel (127.0.0.1) over its own Redis, with small stream caps and short bounds so a test
/// reaches them: live books are written into it as the Worker writes them (<see cref="LiveMarketWrites"/>).
/// </summary>
public sealed class StreamingApi : IAsyncLifetime
{
    public const int MaxPerClient = 4;
    public const int MaxTotal = 6;

    /// <summary>The Api's key here: a stream that carries it is held to <see cref="MaxTotal"/> alone.</summary>
    public const string Key = "streaming-test-key-0123456789";
    public static readonly TimeSpan StaleAfter = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan FreshFor = TimeSpan.FromMinutes(5);

    private readonly RedisServer _redis = new();

    public WebApplicationFactory<ApiOptions> Api { get; private set; } = null!;

    /// <summary>No timeout of its own: a stream lasts as long as the test holds it; every wait is bounded by the test.</summary>
    public HttpClient Client { get; private set; } = null!;

    public LiveMarketWrites Writes { get; private set; } = null!;

    public Core.Storage.MarketStore Store { get; private set; } = null!;

    public StackExchange.Redis.ConnectionMultiplexer Redis => _redis.Connection;

    public StreamMetrics Metrics => Api.Services.GetRequiredService<StreamMetrics>();

    /// <summary>Waits until the Api holds no stream: a test that counts against the caps starts from none.</summary>
    public Task NoStreamsOpenAsync(CancellationToken ct) =>
        Eventually.That(() => Metrics.Open == 0, Timeouts.Request, () => $"the Api to close the class's earlier streams; {Metrics.Open} open", ct);

    public async ValueTask InitializeAsync()
    {
        await _redis.InitializeAsync();
        Store = new(_redis.Connection, NullLogger<Core.Storage.MarketStore>.Instance);
        Writes = new(Store);
        Api = InProcessApi.Create(
            _redis.Endpoint,
            ("Api:Streams:MaxPerClient", MaxPerClient.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Api:Streams:MaxTotal", MaxTotal.ToString(System.Globalization.CultureInfo.InvariantCulture)),
            ("Api:Key", Key),
            ("Api:Streams:HeartbeatInterval", "00:00:01"),
            ("Api:Streams:SlowClientTimeout", "00:00:01"),
            ("Stream:StaleAfter", StaleAfter.ToString("c")))
            // Kestrel's own minimum response data rate off: a stalled client is dropped by the streams' bound alone.
            .OnKestrel(kestrel => kestrel.Limits.MinResponseDataRate = null);
        Client = Api.CreateClient();
        Client.Timeout = Timeout.InfiniteTimeSpan;
    }

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (Api is not null)
        {
            await Api.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }
}
