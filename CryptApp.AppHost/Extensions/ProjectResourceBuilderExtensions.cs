using Microsoft.Extensions.Configuration;

namespace CryptApp.AppHost.Extensions;

public static class ProjectResourceBuilderExtensions
{
    /// <summary>
    /// Aspire turns on in-memory OTLP retries; at shutdown the collector is gone first and exporters
    /// keep retrying until DCP kills the process (~13 s instead of ~1 s per project).
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithoutOtlpRetry(this IResourceBuilder<ProjectResource> project) =>
        project.WithEnvironment(context => context.EnvironmentVariables.Remove("OTEL_DOTNET_EXPERIMENTAL_OTLP_RETRY"));

    /// <summary>Passes every key set under the AppHost's configuration <paramref name="sections"/> on as environment variables.</summary>
    public static IResourceBuilder<ProjectResource> WithConfigurationFrom(
        this IResourceBuilder<ProjectResource> project, IConfiguration configuration, params string[] sections)
    {
        foreach (var section in sections)
        {
            foreach (var (key, value) in configuration.GetSection(section).AsEnumerable())
            {
                if (value is not null)
                {
                    project.WithEnvironment(key.Replace(":", "__", StringComparison.Ordinal), value);
                }
            }
        }

        return project;
    }
}
