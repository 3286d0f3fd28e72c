namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// The whole system on the embedded server (Garnet), as on a machine with neither a container runtime nor redis-server,
/// with the exchange's faults switched on and off by its tests.
/// </summary>
public sealed class FaultsAppHost : CryptAppHost
{
    protected override string CacheMode => "Embedded";
}
