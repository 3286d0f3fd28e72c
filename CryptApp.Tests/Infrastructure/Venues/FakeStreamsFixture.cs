using CryptApp.Testing.Fakes.Streams;

namespace CryptApp.Tests.Infrastructure.Venues;

/// <summary>One <see cref="FakeStreams"/> server per test class.</summary>
public sealed class FakeStreamsFixture : IAsyncLifetime
{
    public FakeStreams Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await FakeStreams.StartAsync(TestContext.Current.CancellationToken).Within(Timeouts.Process, "the fake streams to start");

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
