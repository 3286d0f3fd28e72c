using System.Text;

namespace CryptApp.Core.Jobs;

/// <summary>A job the Worker runs: its name (PascalCase inside, kebab case in URLs) and what it does.</summary>
public sealed record JobDefinition(string Name, string Description, string DefaultSchedule)
{
    public string Id { get; } = JobCatalog.ToKebab(Name);
}

/// <summary>The jobs the Worker runs; the Api accepts triggers only for these.</summary>
public static class JobCatalog
{
    public static readonly JobDefinition CollectProcessCryptos = new(
        "CollectProcessCryptos",
        "Collects every open symbol's order book from the exchange and stores its metrics",
        "00:02:00");

    public static readonly JobDefinition PruneHistory = new(
        "PruneHistory",
        "Drops history past its retention and run records past the limit",
        "01:00:00");

    public static readonly IReadOnlyList<JobDefinition> All = [CollectProcessCryptos, PruneHistory];

    /// <summary>The job named by a URL segment (kebab case) or its own name, in any case; or null.</summary>
    public static JobDefinition? Find(string? name) =>
        name is null ? null : All.FirstOrDefault(j => string.Equals(j.Id, name, StringComparison.OrdinalIgnoreCase) || string.Equals(j.Name, name, StringComparison.OrdinalIgnoreCase));

    public static string ToKebab(string name)
    {
        var kebab = new StringBuilder(name.Length + 4);
        foreach (var c in name)
        {
            if (char.IsUpper(c) && kebab.Length > 0)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(c));
        }

        return kebab.ToString();
    }
}
