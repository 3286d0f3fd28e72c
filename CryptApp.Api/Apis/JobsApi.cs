using CryptApp.Api.Caching;
using CryptApp.Api.Queries;
using CryptApp.Api.Security;
using CryptApp.Api.Validation;
using CryptApp.Contracts;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;
using CryptApp.Core.Storage;
using Microsoft.AspNetCore.Http.HttpResults;

namespace CryptApp.Api.Apis;

/// <summary>Job runs under <c>/api/v1/jobs</c>.</summary>
public static class JobsApi
{
    public static IEndpointRouteBuilder MapJobsApi(this IEndpointRouteBuilder app)
    {
        var jobs = app.MapGroup("/api/v1/jobs")
            .WithTags("Jobs")
            .WithOutputCache(CacheTags.RunsPolicy)
            .ProducesProblem(StatusCodes.Status429TooManyRequests);

        jobs.MapGet("/", ListJobs)
            .WithName("ListJobs")
            .WithSummary("The Worker's job catalogue: schedule, previous and next fire time");
        jobs.MapPost("/{job}/runs", TriggerRun)
            .WithName("TriggerRun")
            .WithSummary("Queue a run of a job (API key); the run already queued or running is returned instead of a second")
            .RequireApiKey()
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapDelete("/runs/{id}", CancelRun)
            .WithName("CancelRun")
            .WithSummary("Cancel a queued or running run (API key); what it loaded so far is kept")
            .RequireApiKey()
            .ProducesProblem(StatusCodes.Status404NotFound);
        jobs.MapGet("/runs", ListRuns)
            .VaryByQuery(RunListQuery.Parameters, RunListQuery.CacheKey)
            .WithName("ListRuns")
            .WithSummary("Run records, newest first, filtered by job and status")
            .ProducesValidationProblem();
        jobs.MapGet("/runs/{id}", GetRun)
            .WithName("GetRun")
            .WithSummary("One run record: status, timings, counts and per-symbol errors")
            .ProducesProblem(StatusCodes.Status404NotFound);

        return app;
    }

    public static async Task<Ok<IReadOnlyList<JobInfo>>> ListJobs(JobStore store) =>
        TypedResults.Ok(await store.ListJobsAsync());

    /// <param name="job">Job name, PascalCase or kebab case (<c>collect-process-cryptos</c>).</param>
    /// <param name="status">Queued, Running, Succeeded, PartiallySucceeded, Failed or Canceled.</param>
    /// <param name="page">From 1.</param>
    /// <param name="pageSize">1 to 500, default 50.</param>
    public static async Task<Results<Ok<PagedList<RunRecord>>, ValidationProblem>> ListRuns(
        string? job, string? status, string? page, string? pageSize, JobStore runs)
    {
        var errors = new Errors();
        var query = RunListQuery.Parse(job, status, page, pageSize, errors);
        if (errors.Any)
        {
            return TypedResults.ValidationProblem(errors.ToDictionary());
        }

        var (items, total) = await runs.ListAsync(query.Page, query.PageSize, query.Job, query.Status);
        return TypedResults.Ok(new PagedList<RunRecord>(items, query.Page, query.PageSize, total));
    }

    /// <param name="job">The job in kebab case, e.g. <c>collect-process-cryptos</c>.</param>
    public static async Task<Results<Accepted<RunRecord>, Ok<RunRecord>, ProblemHttpResult>> TriggerRun(string job, JobQueue queue, JobStore runs)
    {
        if (JobCatalog.Find(job) is not { } definition)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status404NotFound,
                title: "Job not found",
                detail: $"No job '{job}'. Jobs: {string.Join(", ", JobCatalog.All.Select(j => j.Id))}.");
        }

        // The request's trace travels with the queued run, so the Worker's run joins this trace.
        var (id, created) = await queue.EnqueueAsync(definition.Name, RunTriggers.Manual, System.Diagnostics.Activity.Current?.Id);
        var run = await runs.GetAsync(id) ?? throw new InvalidOperationException($"Run {id} was queued but has no record");
        return created ? TypedResults.Accepted($"/api/v1/jobs/runs/{id}", run) : TypedResults.Ok(run);
    }

    public static async Task<Results<Accepted<RunRecord>, ProblemHttpResult>> CancelRun(string id, JobQueue queue, JobStore runs)
    {
        var run = IsRunId(id) && await queue.CancelAsync(id) is not null ? await runs.GetAsync(id) : null;
        return run is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Run not found", detail: $"No run '{id}' is recorded.")
            : TypedResults.Accepted($"/api/v1/jobs/runs/{run.Id}", run);
    }

    private static bool IsRunId(string id) => id is { Length: <= 64 } && id.All(char.IsAsciiLetterOrDigit);

    public static async Task<Results<Ok<RunRecord>, ProblemHttpResult>> GetRun(string id, JobStore runs)
    {
        var run = IsRunId(id) ? await runs.GetAsync(id) : null;
        return run is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Run not found", detail: $"No run '{id}' is recorded.")
            : TypedResults.Ok(run);
    }
}
