using System.Diagnostics;
using System.Text.Json.Nodes;

namespace CryptApp.Tests.AppHost;

/// <summary>What azd reads: the publish manifest of the AppHost, generated for real and checked.</summary>
public sealed class PublishManifestTests
{
    [Fact(Timeout = 180_000)]
    public async Task Manifest_holds_four_deployable_resources_with_secrets_probes_and_bindings()
    {
        var ct = TestContext.Current.CancellationToken;
        var output = Directory.CreateTempSubdirectory("cryptapp-manifest-").FullName;
        try
        {
            var manifest = await GenerateAsync(Path.Combine(output, "aspire-manifest.json"), ct);
            var resources = manifest["resources"]!.AsObject();

            Assert.Equal("container.v0", (string)resources["cache"]!["type"]!);
            foreach (var project in new[] { "api", "worker", "admin" })
            {
                Assert.StartsWith("project.v", (string)resources[project]!["type"]!);
            }

            Assert.DoesNotContain(resources, r => ((string?)r.Value!["type"])?.StartsWith("executable", StringComparison.Ordinal) == true);

            foreach (var secret in new[] { "api-key", "admin-password", "admin-key-ring-secret", "cache-password" })
            {
                var parameter = resources[secret]!;
                Assert.Equal("parameter.v0", (string)parameter["type"]!);
                Assert.True((bool)parameter["inputs"]!["value"]!["secret"]!, $"{secret} must be a secret");
            }

            foreach (var project in new[] { "api", "worker", "admin" })
            {
                var external = resources[project]!["bindings"]!.AsObject().Any(b => (bool?)b.Value!["external"] == true);
                Assert.Equal(project != "worker", external);
                var probes = resources[project]!["probes"]!.AsArray();
                Assert.Contains(probes, p => (string)p!["type"]! == "liveness" && (string)p["httpGet"]!["path"]! == "/alive");
                Assert.Contains(probes, p => (string)p!["type"]! == "readiness" && (string)p["httpGet"]!["path"]! == "/health");
            }

            Assert.Equal("{api-key.value}", (string)resources["api"]!["env"]!["Api__Key"]!);
            Assert.Equal("{admin-password.value}", (string)resources["admin"]!["env"]!["Admin__Password"]!);
            Assert.Equal("{admin-key-ring-secret.value}", (string)resources["admin"]!["env"]!["Admin__KeyRingSecret"]!);
            // The Admin's Data Protection key ring lives in the cache.
            Assert.NotNull(resources["admin"]!["env"]!["ConnectionStrings__cache"]);
            // Behind the ingress the deployment creates, whoever forwards is the ingress; the services read the headers once.
            Assert.Equal("true", (string?)resources["api"]!["env"]!["Api__ForwardedHeaders__TrustAllProxies"]);
            Assert.Equal("true", (string?)resources["admin"]!["env"]!["Admin__ForwardedHeaders__TrustAllProxies"]);
            foreach (var project in new[] { "api", "worker", "admin" })
            {
                Assert.Null(resources[project]!["env"]!["ASPNETCORE_FORWARDEDHEADERS_ENABLED"]);
            }

            Assert.Equal(2, (int)resources["api"]!["replicas"]!);
            Assert.Equal("/data", (string)resources["cache"]!["volumes"]![0]!["target"]!);
            Assert.Contains("--save", resources["cache"]!["args"]!.ToJsonString());
        }
        finally
        {
            Directory.Delete(output, recursive: true);
        }
    }

    private static async Task<JsonNode> GenerateAsync(string path, CancellationToken ct)
    {
        var appHost = Projects.CryptApp_AppHost.ProjectPath;
        using var process = Process.Start(new ProcessStartInfo(
            "dotnet", ["run", "--project", appHost, "--no-build", "--no-launch-profile", "--", "--publisher", "manifest", "--output-path", path])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var stdout = process.StandardOutput.ReadToEndAsync(ct);
        var stderr = process.StandardError.ReadToEndAsync(ct);
        try
        {
            await process.WaitForExitAsync(ct).Within(Timeouts.AppStart, "the manifest publisher");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        Assert.True(process.ExitCode == 0 && File.Exists(path), $"manifest publishing failed: {await stdout}{await stderr}");
        return JsonNode.Parse(await File.ReadAllTextAsync(path, ct))!;
    }
}
