using System.Text.Json;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests.Infrastructure;

/// <summary>A venue's parsers, fed from strings: the client is built but never sends anything.</summary>
internal static class VenueParsing
{
    private static readonly HttpClient Unused = new();

    public static L2VenueClient Client(string venue) => (L2VenueClient)VenueCatalog.Get(venue).Client(Unused, VenueCatalog.Get(venue).DefaultOptions());

    public static IReadOnlyList<VenueInstrument> Instruments(string venue, string json)
    {
        using var document = JsonDocument.Parse(json);
        return Client(venue).ParseInstruments(document.RootElement);
    }

    public static VenueBook Book(string venue, string json, VenueInstrument instrument, int depth = 100)
    {
        using var document = JsonDocument.Parse(json);
        return Client(venue).ParseBook(document.RootElement, instrument, depth);
    }

    public static VenueInstrument Instrument(string venue, string pair, string venueSymbol)
    {
        var parts = pair.Split('-');
        return new VenueInstrument(venue, pair, parts[0], parts[1], venueSymbol, "open", true);
    }
}
