using System.Net.Http.Json;
using Aspire.Hosting;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using CryptApp.Admin.Security;
using CryptApp.Contracts;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Venues;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Playwright;
using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.Browser;

/// <summary>
/// The AppHost with a healthy exchange (every open symbol answers) and the ETL only on request, plus a
/// real Chromium (see <see cref="ChromiumLauncher"/>) driven by Playwright.
/// </summary>
public sealed class BrowserAppHost : CryptAppHost
{
    private IPlaywright? _playwright;

    private string? _missingChromium;

    public IBrowser Browser { get; private set; } = null!;

    public Uri AdminUrl { get; private set; } = null!;

    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    protected override bool WithAdmin => true;

    protected override string CacheMode => TestRedis.AppHostCacheMode;

    protected override IEnumerable<string> ExtraArgs =>
    [
        "--Jobs:CollectProcessCryptos:Schedule=0 0 0 1 1 ? 2099",
        // Long enough to see a lockout hold; only the lockout test fails five times, from an address of its own.
        "--Admin:Lockout=00:01:00",
        // The operator test expects a run to succeed: books come after 600 ms, so a starved machine must not time them out.
        "--Exchanges:Blockchain:RequestTimeout=00:00:05",
        // One stream per client address: the Admin's streams carry the Api key, which lifts that cap, so its pages still
        // watch several at once.
        "--Api:Streams:MaxPerClient=1",
    ];

    protected override void ConfigureBlockchain(FakeBlockchain exchange)
    {
        exchange.Set(FakeMarkets.ServerError, FakeBehavior.Book);
        exchange.Set(FakeMarkets.HtmlPage, FakeBehavior.Book);
        // A run lasts a few seconds, so the Jobs page is seen following it (progress, each venue's part); each
        // book still comes well within the exchange's request timeout (5 s here).
        exchange.Latency = TimeSpan.FromMilliseconds(600);
        foreach (var symbol in exchange.Markets.Keys.Where(s => s.StartsWith("GEN", StringComparison.Ordinal)).ToList())
        {
            exchange.Set(symbol, FakeBehavior.Latency);
        }
    }

    /// <summary>
    /// Chromium first: where there is none, nothing else starts, and every test of the class is skipped by
    /// <see cref="RequireChromium"/> in its constructor.
    /// </summary>
    public override async ValueTask InitializeAsync()
    {
        _playwright = await Playwright.CreateAsync();
        (var browser, _missingChromium) = await ChromiumLauncher.LaunchAsync(_playwright);
        if (browser is null)
        {
            return;
        }

        Browser = browser;
        await base.InitializeAsync();
        AdminUrl = App.GetEndpoint("admin", "http");
        Directory.CreateDirectory(Screenshots);
    }

    /// <summary>Skips the calling test where there is no Chromium, saying why and how to install one.</summary>
    public void RequireChromium()
    {
        if (_missingChromium is { } why)
        {
            Prerequisite.Chromium.Missing(why);
        }
    }

    /// <summary>Restarts a resource's process (Aspire's restart command) and waits until the new one is healthy.</summary>
    public async Task RestartAsync(string resource, CancellationToken ct)
    {
        var before = Pid(resource);
        var result = await App.ResourceCommands.ExecuteCommandAsync(resource, KnownResourceCommands.RestartCommand, ct)
            .Within(Timeouts.AppStart, $"{resource} to restart");
        Assert.True(result.Success, $"restarting {resource}: {result.Message}");
        await App.ResourceNotifications.WaitForResourceAsync(
                resource,
                e => Pid(e) is { } pid && pid != before && e.Snapshot.HealthStatus == HealthStatus.Healthy,
                ct)
            .Within(Timeouts.AppStart, $"a new {resource} process to be healthy");
    }

    /// <summary>How many Data Protection keys the Admin keeps in Redis.</summary>
    public async Task<long> DataProtectionKeysAsync(CancellationToken ct)
    {
        await using var redis = await ConnectAsync(ct);
        return await redis.GetDatabase().ListLengthAsync(DataProtectionKeys.RedisKey);
    }

    /// <summary>
    /// The venue markets of <see cref="VenueMarkets.SeedVenuesAsync"/> in the AppHost's Redis (the Worker does not
    /// collect those venues here) and ETH-USDT on coinbase too, its mid 3 % above bybit's so that the books cross;
    /// kraken banned for the next half hour after a pause that is over; announced as the Worker does, and
    /// returned once the Api serves them. Returns the collection time.
    /// </summary>
    public async Task<DateTimeOffset> SeedVenuesAsync(CancellationToken ct)
    {
        await using var redis = await ConnectAsync(ct);
        var venues = new VenueMarkets(redis);
        var now = await venues.SeedVenuesAsync();
        await venues.SaveAsync("coinbase", "ETH-USDT", 3.6, now, seed: 7);
        await venues.SaveStatusAsync(
            "kraken", now.AddMinutes(-10), markets: 1,
            budget: new VenueBudgetStatus(20, TimeSpan.FromSeconds(1), 0, 1_500, 37, null, PausedUntil: now.AddMinutes(-12), BannedUntil: now.AddMinutes(30)));
        await venues.AnnounceAsync();
        await WaitUntilServedAsync(ct);
        return now;
    }

    /// <summary>
    /// <paramref name="pairs"/> on <paramref name="venue"/>, collected now, announced, and returned once the Api lists
    /// them all; <see cref="RemoveMarketsAsync"/> takes them away again.
    /// </summary>
    public async Task SeedMarketsAsync(string venue, IReadOnlyList<string> pairs, CancellationToken ct)
    {
        await using var redis = await ConnectAsync(ct);
        var venues = new VenueMarkets(redis);
        var now = DateTimeOffset.UtcNow;
        for (var i = 0; i < pairs.Count; i++)
        {
            await venues.SaveAsync(venue, pairs[i], 1 + i, now, seed: 100 + i);
        }

        await venues.AnnounceAsync();
        await WaitUntilListedAsync(venue, pairs, listed: true, ct);
    }

    /// <summary>A live book of <paramref name="venue"/>'s <paramref name="pair"/> written into the AppHost's Redis as the Worker writes one (and announced).</summary>
    public async Task<WrittenBook> WriteLiveAsync(string venue, string pair, double mid, int version, CancellationToken ct)
    {
        await using var redis = await ConnectAsync(ct);
        var writes = new LiveMarketWrites(new Core.Storage.MarketStore(redis, Microsoft.Extensions.Logging.Abstractions.NullLogger<Core.Storage.MarketStore>.Instance));
        return await writes.WriteAsync(venue, pair, mid, version, TimeSpan.FromMinutes(10), step: 0.01);
    }

    /// <summary>Removes the markets of <see cref="SeedMarketsAsync"/>, so the class's other tests see the seeded venues only.</summary>
    public async Task RemoveMarketsAsync(string venue, IReadOnlyList<string> pairs, CancellationToken ct)
    {
        await using var redis = await ConnectAsync(ct);
        var venues = new VenueMarkets(redis);
        await venues.Store.RemoveAsync(pairs.Select(p => new MarketId(venue, p).ToCompactString()).ToList());
        await venues.AnnounceAsync();
        await WaitUntilListedAsync(venue, pairs, listed: false, ct);
    }

    private async Task WaitUntilListedAsync(string venue, IReadOnlyList<string> pairs, bool listed, CancellationToken ct)
    {
        var ids = pairs.Select(p => new MarketId(venue, p).ToCompactString()).ToHashSet();
        await Eventually.Value(
            async () => (await Api.GetFromJsonAsync<PagedList<MarketSummary>>($"/api/v1/markets?exchange={venue}&pageSize=500", VenueMarkets.Wire, ct))!
                .Items.Count(m => ids.Contains(m.Symbol)),
            count => count == (listed ? ids.Count : 0),
            Timeouts.Collection,
            count => $"the Api to list {(listed ? "all" : "none")} of {string.Join(", ", ids)}; it listed {count}",
            ct,
            TimeSpan.FromMilliseconds(200));
    }

    /// <summary>The announcement evicts the Api's caches asynchronously: poll until both the ban and the pair show.</summary>
    private Task WaitUntilServedAsync(CancellationToken ct) =>
        Eventually.Value(
            async () =>
            {
                var exchanges = await Api.GetFromJsonAsync<List<VenueStatus>>("/api/v1/exchanges", VenueMarkets.Wire, ct);
                using var pair = await Api.GetAsync("/api/v1/pairs/BTC-USDT", ct);
                return (Banned: exchanges!.Any(e => e.Id == "kraken" && e.Budget?.BannedUntil is not null), Pair: pair.StatusCode);
            },
            seen => seen.Banned && seen.Pair == System.Net.HttpStatusCode.OK,
            Timeouts.Collection,
            seen => $"the Api to serve the seeded venues: kraken banned {seen.Banned}, /api/v1/pairs/BTC-USDT {(int)seen.Pair}",
            ct,
            TimeSpan.FromMilliseconds(200));

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken ct)
    {
        var connectionString = await App.GetConnectionStringAsync("cache", ct) ?? throw new InvalidOperationException("the cache has no connection string");
        return await ConnectionMultiplexer.ConnectAsync(connectionString);
    }

    private string? Pid(string resource) => App.ResourceNotifications.TryGetCurrentState(resource, out var e) ? Pid(e) : null;

    private static string? Pid(ResourceEvent e) =>
        e.Snapshot.Properties.FirstOrDefault(p => p.Name == "executable.pid")?.Value?.ToString();

    public override async ValueTask DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.CloseAsync();
        }

        _playwright?.Dispose();
        await base.DisposeAsync();
    }
}
