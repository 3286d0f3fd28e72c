namespace CryptApp.Tests.Infrastructure.AppHosts;

/// <summary>Two Api replicas and no collection unless asked: the tests alone change the data.</summary>
public sealed class CoherenceAppHost : JobsAppHost;
