namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>The tests that stop a Worker of a run, one after the other on one AppHost.</summary>
[CollectionDefinition(Name)]
public sealed class WorkerStopCollection : ICollectionFixture<WorkerStopAppHost>
{
    public const string Name = "AppHost whose Workers are stopped mid-run";
}
