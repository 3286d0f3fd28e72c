using CryptApp.Core.Venues;

namespace CryptApp.Core.Streaming;

/// <summary>A venue client that serves the REST book snapshot its stream is spliced onto (Binance's <c>/api/v3/depth</c>), as the venue's JSON.</summary>
public interface IRestSnapshots
{
    Task<byte[]> GetSnapshotAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken);
}
