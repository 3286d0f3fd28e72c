using System.Text;

namespace CryptApp.Core.Jobs;

/// <summary>Jobs are named in PascalCase inside (Quartz, run records) and in kebab case in URLs.</summary>
public static class JobNames
{
    public static string ToKebab(string job)
    {
        var kebab = new StringBuilder(job.Length + 4);
        foreach (var c in job)
        {
            if (char.IsUpper(c) && kebab.Length > 0)
            {
                kebab.Append('-');
            }

            kebab.Append(char.ToLowerInvariant(c));
        }

        return kebab.ToString();
    }

    /// <summary>Accepts either spelling; returns the PascalCase name, or null for null.</summary>
    public static string? ToJobName(string? value) =>
        value is null ? null
        : value.Contains('-') ? string.Concat(value.Split('-', StringSplitOptions.RemoveEmptyEntries).Select(p => char.ToUpperInvariant(p[0]) + p[1..]))
        : value;
}
