namespace CryptApp.Core.Jobs;

/// <summary>The jobs the Worker runs, by name; the Api accepts triggers only for these.</summary>
public static class JobCatalogue
{
    public const string CollectProcessCryptos = "CollectProcessCryptos";
    public const string PruneHistory = "PruneHistory";

    public static readonly IReadOnlyList<string> All = [CollectProcessCryptos, PruneHistory];

    /// <summary>The job named by a URL segment (kebab case) or its own name, or null.</summary>
    public static string? Find(string? name)
    {
        var candidate = JobNames.ToJobName(name);
        return All.FirstOrDefault(j => string.Equals(j, candidate, StringComparison.Ordinal));
    }
}
