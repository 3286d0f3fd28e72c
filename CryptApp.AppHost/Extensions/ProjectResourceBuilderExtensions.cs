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

    /// <summary>
    /// Who may say who the client is. Deployed, every request comes through the ingress the deployment creates (Container
    /// Apps' has no fixed address, and the services are reachable only through it), so the service trusts whatever peer
    /// forwards (<c>{section}:ForwardedHeaders:TrustAllProxies</c>); run locally it keeps trusting loopback only. Aspire's
    /// own switch for the same (<c>ASPNETCORE_FORWARDEDHEADERS_ENABLED</c>) stays off: the service reads the headers itself,
    /// once.
    /// </summary>
    public static IResourceBuilder<ProjectResource> WithForwardedHeadersFromIngress(this IResourceBuilder<ProjectResource> project, string section)
    {
        project.DisableForwardedHeaders();
        return project.ApplicationBuilder.ExecutionContext.IsPublishMode
            ? project.WithEnvironment($"{section}__ForwardedHeaders__TrustAllProxies", "true")
            : project;
    }

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
