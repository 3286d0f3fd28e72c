using CryptApp.Core.Storage;
using CryptApp.Core.Venues;
using CryptApp.Worker;
using CryptApp.Worker.Etl;
using CryptApp.Worker.Runs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace CryptApp.Tests.Infrastructure.Worker;

/// <summary>
/// The Worker's services wired as in production, in this process and not started (no schedule, no queue consumer),
/// over a real Redis and the fake exchange over HTTP: what a test drives one step at a time.
/// </summary>
public static class InProcessWorker
{
    public static IHost Build(string redisEndpoint, Uri exchangeBaseUrl)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["ConnectionStrings:cache"] = redisEndpoint,
            ["Exchanges:Blockchain:BaseUrl"] = exchangeBaseUrl.ToString(),
            ["Exchanges:Blockchain:RequestsPerSecond"] = "500",
            ["Exchanges:Blockchain:RetryBaseDelay"] = "00:00:00.020",
            ["Exchanges:Blockchain:MaxRetries"] = "1",
            ["Exchanges:Blockchain:RequestTimeout"] = "00:00:05",
        });
        builder.AddApplicationServices();
        return builder.Build();
    }

    /// <summary>
    /// Blockchain.com's part of a collection as a Worker runs it (list, books, storage, the venue's status), then the
    /// announcement a run's end makes; its outcome.
    /// </summary>
    public static async Task<RunOutcome> CollectBlockchainAsync(this IHost worker, CancellationToken ct)
    {
        var options = worker.Services.GetRequiredService<IOptionsMonitor<VenueOptions>>().Get(VenueIds.Blockchain);
        var venue = new VenueRun(VenueCatalog.Blockchain, options);
        var runId = JobQueue.NewRunId();
        await worker.Services.GetRequiredService<VenueCollector>().CollectAsync(runId, venue, default, ct).Within(Timeouts.Collection, "a collection");
        await worker.Services.GetRequiredService<MarketStore>().PublishChangedAsync(runId);
        return venue.Outcome();
    }
}
