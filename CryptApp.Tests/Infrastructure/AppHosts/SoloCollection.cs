namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>
/// Tests that load the machine on purpose (hundreds of requests a second while Redis is killed) run alone,
/// so the timing bounds of the other tests measure the system, not a starved scheduler.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SoloCollection
{
    public const string Name = "Alone on the machine";
}
