namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>The exchange-fault tests and the embedded server's end-to-end test share one AppHost on the embedded server.</summary>
[CollectionDefinition(Name)]
public sealed class FaultsCollection : ICollectionFixture<FaultsAppHost>
{
    public const string Name = "AppHost on the embedded server, exchange faults";
}
