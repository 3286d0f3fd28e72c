using CryptApp.Core.Venues;

namespace CryptApp.Tests.Infrastructure.Venues;

public sealed record VenueUnderTest(IVenueClient Client, VenueRateGate Gate, HttpClient Http) : IDisposable
{
    public void Dispose() => Http.Dispose();
}
