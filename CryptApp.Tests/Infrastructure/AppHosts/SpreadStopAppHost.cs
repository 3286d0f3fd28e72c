namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// The spread shape with three Worker replicas: each test of <see cref="SpreadStopCollection"/> stops one Worker (SIGKILL
/// or SIGTERM) mid-part, and at least two are left for the next.
/// </summary>
public sealed class SpreadStopAppHost : SpreadVenuesAppHost
{
    protected override IEnumerable<string> ExtraArgs => [.. base.ExtraArgs, "--Worker:Replicas=3"];
}
