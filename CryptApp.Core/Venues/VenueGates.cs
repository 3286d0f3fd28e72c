using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace CryptApp.Core.Venues;

/// <summary>
/// The one <see cref="VenueRateGate"/> of each venue in a process (options named by venue id), and
/// their states for the Exchanges page and API.
/// </summary>
public sealed class VenueGates(IOptionsMonitor<VenueOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, VenueRateGate> _gates = new();

    public VenueRateGate For(string venue)
    {
        var id = VenueCatalog.Get(venue).Id;
        return _gates.GetOrAdd(id, v => new VenueRateGate(v, options.Get(v), time));
    }

    public IReadOnlyList<VenueGateState> States => _gates.Values.Select(g => g.State).OrderBy(s => s.Venue, StringComparer.Ordinal).ToList();
}
