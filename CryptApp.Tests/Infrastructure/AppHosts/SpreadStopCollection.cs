namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>The tests that stop a Worker running venue parts, one after the other on one AppHost.</summary>
[CollectionDefinition(Name)]
public sealed class SpreadStopCollection : ICollectionFixture<SpreadStopAppHost>
{
    public const string Name = "AppHost whose part Workers are stopped mid-part";
}
