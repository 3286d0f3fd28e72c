using System.Text.Json;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Venues;

/// <summary>
/// What the L2 venue clients share: a listing and a book as JSON documents, depth clamped to what the venue
/// serves (or the whole book where the venue always answers it), and a book assembled from the venue's level
/// arrays. A venue says only its paths, routes, weights and how its JSON reads.
/// </summary>
public abstract class L2VenueClient(HttpClient http, VenueOptions options) : VenueClient(http, options)
{
    public override async Task<IReadOnlyList<VenueInstrument>> GetInstrumentsAsync(CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(InstrumentsPath, "/" + InstrumentsPath.Split('?')[0], InstrumentsCost, cancellationToken);
        return ParseInstruments(document.RootElement);
    }

    public override async Task<VenueBook> GetBookAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken)
    {
        if (instrument.Venue != Venue.Id)
        {
            throw new ArgumentException($"{instrument.MarketId} is not a {Venue.DisplayName} instrument", nameof(instrument));
        }

        var levels = Venue.ServesWholeBook ? int.MaxValue : Math.Clamp(depth, 1, Venue.MaxDepth);
        using var document = await GetJsonAsync(BookPath(instrument.VenueSymbol, levels), BookRoute, BookCost(levels), cancellationToken);
        return ParseBook(document.RootElement, instrument, levels);
    }

    protected abstract string InstrumentsPath { get; }

    /// <summary>Budget a listing takes; venues that weigh requests override it.</summary>
    protected virtual double InstrumentsCost => 1;

    protected abstract string BookPath(string venueSymbol, int depth);

    /// <summary>The book endpoint's route template, for the request metric.</summary>
    protected abstract string BookRoute { get; }

    protected virtual double BookCost(int depth) => 1;

    internal abstract IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root);

    internal abstract VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth);

    /// <summary>A book of <paramref name="instrument"/> from its two level arrays.</summary>
    internal static VenueBook Book(VenueInstrument instrument, JsonElement bids, JsonElement asks, int depth, DateTimeOffset? exchangeTime, int? ordersIndex = null)
    {
        var book = new OrderBook(instrument.MarketId.ToCompactString());
        var bidLevels = L2LevelReader.Read(bids, book, book.Bids, depth, ordersIndex);
        var askLevels = L2LevelReader.Read(asks, book, book.Asks, depth, ordersIndex);
        return new VenueBook(instrument, book, exchangeTime, depth, bidLevels, askLevels);
    }

    /// <summary>The instrument in canonical form from the venue's own base and quote fields, open when its status has a live book.</summary>
    internal VenueInstrument Instrument(string baseAsset, string quoteAsset, string venueSymbol, string status, bool open) =>
        new(Venue.Id, CanonicalPair.Of(baseAsset, quoteAsset), baseAsset.ToUpperInvariant(), quoteAsset.ToUpperInvariant(), venueSymbol, status, open);
}
