namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>One redis-server AppHost shared by the test classes that only read what the worker collects.</summary>
[CollectionDefinition(Name)]
public sealed class RedisServerCollection : ICollectionFixture<RedisServerAppHost>
{
    public const string Name = "AppHost on redis-server";
}
