using CryptApp.Api.Validation;
using CryptApp.Contracts.Jobs;
using CryptApp.Core.Jobs;

namespace CryptApp.Api.Queries;

/// <summary>Filters and paging of the run list, validated field by field.</summary>
public sealed record RunListQuery(string? Job, RunStatus? Status, int Page, int PageSize)
{
    public static readonly string[] Parameters = ["job", "status", "page", "pageSize"];

    public static RunListQuery Parse(string? job, string? status, string? page, string? pageSize, Errors errors)
    {
        var pageNumber = QueryRules.Page(page, errors);
        var size = QueryRules.PageSize(pageSize, errors);
        RunStatus? runStatus = null;
        if (!string.IsNullOrEmpty(status))
        {
            if (Enum.TryParse<RunStatus>(status, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(status, out _))
            {
                runStatus = parsed;
            }
            else
            {
                errors.Add("status", $"must be one of {string.Join(", ", Enum.GetNames<RunStatus>())}");
            }
        }

        var definition = JobCatalog.Find(job);
        if (!string.IsNullOrEmpty(job) && definition is null)
        {
            errors.Add("job", $"must be one of {string.Join(", ", JobCatalog.All.Select(j => j.Id))}");
        }

        return new RunListQuery(definition?.Name, runStatus, pageNumber, size);
    }

    /// <summary>The canonical cache key of a run-list query, or null when it is invalid.</summary>
    public static string? CacheKey(Func<string, string?> query)
    {
        var errors = new Errors();
        var parsed = Parse(query("job"), query("status"), query("page"), query("pageSize"), errors);
        return errors.Any ? null : $"{parsed.Job}|{parsed.Status}|{parsed.Page}|{parsed.PageSize}";
    }
}
