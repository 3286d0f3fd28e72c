namespace CryptApp.AppHost.Extensions;

public static class DeploymentManifestExtensions
{
    public const string LivenessPath = "/alive";
    public const string ReadinessPath = "/health";

    /// <summary>
    /// Liveness on <c>/alive</c> and readiness on <c>/health</c> (what ServiceDefaults maps). In run mode the
    /// readiness probe is the health check WaitFor and the dashboard use. In the publish manifest the
    /// project entry also carries its replica count and both probes, which the stock project.v0 entry omits.
    /// </summary>
#pragma warning disable ASPIREPROBES001 // Experimental, yet the way probes are declared on a resource.
    public static IResourceBuilder<ProjectResource> WithHealthProbes(this IResourceBuilder<ProjectResource> project, int replicas = 1) =>
        project
            .WithHttpProbe(ProbeType.Liveness, LivenessPath)
            .WithHttpProbe(ProbeType.Readiness, ReadinessPath)
            .WithManifestPublishingCallback(async context =>
            {
                var writer = context.Writer;
                writer.WriteString("type", "project.v0");
                writer.WriteString("path", context.GetManifestRelativePath(project.Resource.GetProjectMetadata().ProjectPath));
                await context.WriteCommandLineArgumentsAsync(project.Resource);
                await context.WriteEnvironmentVariablesAsync(project.Resource);
                context.WriteBindings(project.Resource);
                writer.WriteNumber("replicas", replicas);
                writer.WriteStartArray("probes");
                foreach (var (type, path) in new[] { ("liveness", LivenessPath), ("readiness", ReadinessPath) })
                {
                    writer.WriteStartObject();
                    writer.WriteString("type", type);
                    writer.WriteStartObject("httpGet");
                    writer.WriteString("path", path);
                    writer.WriteString("port", "http");
                    writer.WriteEndObject();
                    writer.WriteEndObject();
                }

                writer.WriteEndArray();
            });
#pragma warning restore ASPIREPROBES001
}
