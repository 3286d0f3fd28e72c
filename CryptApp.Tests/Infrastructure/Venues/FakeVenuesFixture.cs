using CryptApp.Core.Venues;

namespace CryptApp.Tests.Infrastructure.Venues;

/// <summary>One <see cref="FakeVenues"/> server per test class; each test builds fresh clients, each with its own gate.</summary>
public sealed class FakeVenuesFixture : IAsyncLifetime
{
    public FakeVenues Server { get; private set; } = null!;

    public async ValueTask InitializeAsync() =>
        Server = await FakeVenues.StartAsync(TestContext.Current.CancellationToken).Within(Timeouts.Process, "the fake venues to start");

    /// <summary>The venue's real client over HTTP to the fake, every fault cleared.</summary>
    public VenueUnderTest Client(string venue, Action<VenueOptions>? configure = null)
    {
        Server.Set(venue, FakeVenueFault.None);
        var options = VenueCatalog.Get(venue).DefaultOptions();
        options.BaseUrl = Server.BaseUrl(venue);
        options.RequestTimeout = TimeSpan.FromSeconds(3);
        configure?.Invoke(options);
        var gate = new VenueRateGate(venue, options, TimeProvider.System);
        var (client, http) = VenueCatalog.Get(venue).CreateStandalone(options, gate);
        return new VenueUnderTest(client, gate, http);
    }

    public async ValueTask DisposeAsync() => await Server.DisposeAsync();
}
