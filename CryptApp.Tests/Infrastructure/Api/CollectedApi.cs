using CryptApp.Api.Extensions;
using Microsoft.AspNetCore.Mvc.Testing;

namespace CryptApp.Tests.Infrastructure.Api;

/// <summary>
/// The Api in process on real Kestrel (127.0.0.1), over a real Redis that holds what the Worker's own collection code
/// stored from the fake exchange: two collections of Blockchain.com, in two different seconds (so a market's history
/// has two points), each announced. Nothing changes the data afterwards, so the tests read a still store.
/// </summary>
public sealed class CollectedApi : IAsyncLifetime
{
    private readonly RedisServer _redis = new();
    private WebApplicationFactory<ApiOptions>? _api;

    public FakeBlockchain Blockchain { get; private set; } = null!;

    public HttpClient Api { get; private set; } = null!;

    /// <summary>When the two collections started.</summary>
    public IReadOnlyList<DateTimeOffset> CollectedAt { get; private set; } = [];

    public StackExchange.Redis.ConnectionMultiplexer Redis => _redis.Connection;

    public async ValueTask InitializeAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await _redis.InitializeAsync();
        Blockchain = await FakeBlockchain.StartAsync(FakeMarkets.Create(), ct);
        using (var worker = InProcessWorker.Build(_redis.Endpoint, Blockchain.BaseUrl))
        {
            var first = DateTimeOffset.UtcNow;
            await worker.CollectBlockchainAsync(ct);
            // Every stamp of the first collection lies at or before its end, so the second starts in a later second.
            var firstEnded = DateTimeOffset.UtcNow;
            await Eventually.That(
                () => DateTimeOffset.UtcNow.ToUnixTimeSeconds() > firstEnded.ToUnixTimeSeconds(), Timeouts.Process, () => "the clock to reach the next second", ct);
            var second = DateTimeOffset.UtcNow;
            await worker.CollectBlockchainAsync(ct);
            CollectedAt = [first, second];
        }

        _api = InProcessApi.Create(_redis.Endpoint).OnKestrel();
        Api = _api.CreateBoundedClient();
    }

    public async ValueTask DisposeAsync()
    {
        Api?.Dispose();
        if (_api is not null)
        {
            await _api.DisposeAsync();
        }

        if (Blockchain is not null)
        {
            await Blockchain.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }
}
