namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// The jobs shape with three Worker replicas: each test of <see cref="WorkerStopCollection"/> stops one Worker (SIGKILL
/// or SIGTERM) mid-run, and at least two are left for the next.
/// </summary>
public sealed class WorkerStopAppHost : JobsAppHost
{
    protected override IEnumerable<string> ExtraArgs => [.. base.ExtraArgs, "--Worker:Replicas=3"];
}
