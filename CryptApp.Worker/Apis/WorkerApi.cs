using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;

namespace CryptApp.Worker.Apis;

/// <summary>
/// The Worker's one internal endpoint: the Aspire dashboard's "Run ETL now" command queues a run
/// through it. The Worker has no external endpoint; public triggers go through the Api with a key.
/// </summary>
public static class WorkerApi
{
    public static IEndpointRouteBuilder MapWorkerApi(this IEndpointRouteBuilder app)
    {
        app.MapPost("/jobs/{job}/runs", async (string job, JobQueue queue) =>
            JobCatalogue.Find(job) is { } name
                ? Results.Accepted($"/api/v1/jobs/runs/{(await queue.EnqueueAsync(name, RunTriggers.Manual, System.Diagnostics.Activity.Current?.Id)).Run.Id}")
                : Results.NotFound());
        return app;
    }
}
