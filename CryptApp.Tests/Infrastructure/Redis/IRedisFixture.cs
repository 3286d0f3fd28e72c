using StackExchange.Redis;

namespace CryptApp.Tests.Infrastructure.Redis;

/// <summary>A real Redis for the data-layer tests: one server, or a cluster.</summary>
public interface IRedisFixture
{
    ConnectionMultiplexer Connection { get; }

    /// <summary>Empties every node.</summary>
    Task FlushAsync();
}
