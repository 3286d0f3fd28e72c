namespace CryptApp.Core.Venues;

/// <summary>
/// One venue behind the common shape. Failures surface as <see cref="VenueHttpException"/> (error
/// status), <see cref="VenueDataException"/> (not JSON, too large, wrong shape, the venue's error
/// envelope), <see cref="VenueBannedException"/> (the venue banned us; fails fast until the ban ends)
/// or <see cref="TimeoutException"/>.
/// </summary>
public interface IVenueClient
{
    VenueDefinition Venue { get; }

    /// <summary>Every instrument the venue lists, open or not, with the venue's status.</summary>
    Task<IReadOnlyList<VenueInstrument>> GetInstrumentsAsync(CancellationToken cancellationToken);

    /// <summary>
    /// The book of <paramref name="instrument"/> to at most <paramref name="depth"/> levels a side (clamped to
    /// what the venue serves; Blockchain.com's L3 book is always whole).
    /// </summary>
    Task<VenueBook> GetBookAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken);
}
