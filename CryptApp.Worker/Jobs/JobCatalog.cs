using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using CryptApp.Worker.Etl;
using Microsoft.Extensions.Options;

namespace CryptApp.Worker.Jobs;

/// <summary>Describes the Worker's jobs and keeps their catalogue entry in Redis current.</summary>
public sealed class JobCatalog(JobCatalogStore store, IOptions<EtlOptions> etl)
{
    public JobInfo CollectProcessCryptos(DateTimeOffset? previous, DateTimeOffset? next) => new(
        CollectProcessCryptosJob.Name,
        JobNames.ToKebab(CollectProcessCryptosJob.Name),
        "Collects every open symbol's order book from the exchange and stores its metrics",
        $"every {etl.Value.Interval:c}",
        previous,
        next);

    public Task PublishAsync(JobInfo job) => store.SaveAsync(job);
}

/// <summary>Publishes the catalogue at start, before the first fire, so the Api knows the schedule at once.</summary>
public sealed class JobCatalogPublisher(JobCatalog catalog, IOptions<EtlOptions> etl, TimeProvider time) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken) =>
        catalog.PublishAsync(catalog.CollectProcessCryptos(null, time.GetUtcNow() + etl.Value.StartDelay));

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
