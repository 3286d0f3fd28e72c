using System.Net.Http.Headers;
using System.Text.Json;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// What the L2 venue clients share: one GET of a JSON body (error statuses, non-JSON and oversized
/// bodies refused as for Blockchain.com), depth clamped to what the venue serves, and a book assembled
/// from the venue's level arrays. A venue says only its paths, its weights and how its JSON reads.
/// </summary>
public abstract class VenueClient(HttpClient http, VenueOptions options) : IVenueClient
{
    public abstract VenueInfo Venue { get; }

    protected VenueOptions Options => options;

    public async Task<IReadOnlyList<VenueInstrument>> GetInstrumentsAsync(CancellationToken cancellationToken)
    {
        using var document = await GetJsonAsync(InstrumentsPath, InstrumentsCost, cancellationToken);
        return ParseInstruments(document.RootElement);
    }

    public async Task<VenueBook> GetBookAsync(VenueInstrument instrument, int depth, CancellationToken cancellationToken)
    {
        if (instrument.Venue != Venue.Id)
        {
            throw new ArgumentException($"{instrument.MarketId} is not a {Venue.DisplayName} instrument", nameof(instrument));
        }

        var levels = ServesWholeBook ? int.MaxValue : Math.Clamp(depth, 1, VenueDefaults.MaxDepth(Venue.Id));
        using var document = await GetJsonAsync(BookPath(instrument.VenueSymbol, levels), BookCost(levels), cancellationToken);
        return ParseBook(document.RootElement, instrument, levels);
    }

    protected abstract string InstrumentsPath { get; }

    /// <summary>
    /// Whether the book endpoint always answers the venue's whole book, whatever depth is asked: then every level is
    /// kept (the body limit bounds it) and the book counts as whole, so its 5 % figures are never cut short.
    /// </summary>
    protected virtual bool ServesWholeBook => false;

    /// <summary>Budget a listing takes; venues that weigh requests override it.</summary>
    protected virtual double InstrumentsCost => 1;

    protected abstract string BookPath(string venueSymbol, int depth);

    protected virtual double BookCost(int depth) => 1;

    internal abstract IReadOnlyList<VenueInstrument> ParseInstruments(JsonElement root);

    internal abstract VenueBook ParseBook(JsonElement root, VenueInstrument instrument, int depth);

    /// <summary>A book of <paramref name="instrument"/> from its two level arrays.</summary>
    internal static VenueBook Book(VenueInstrument instrument, JsonElement bids, JsonElement asks, int depth, DateTimeOffset? exchangeTime, int? ordersIndex = null)
    {
        var book = new OrderBook(instrument.Pair);
        var bidLevels = L2LevelReader.Read(bids, book, book.Bids, depth, ordersIndex);
        var askLevels = L2LevelReader.Read(asks, book, book.Asks, depth, ordersIndex);
        return new VenueBook(book, exchangeTime, depth, bidLevels, askLevels);
    }

    /// <summary>The instrument in canonical form from the venue's own base and quote fields.</summary>
    internal VenueInstrument Instrument(string baseAsset, string quoteAsset, string venueSymbol, string status, bool open) =>
        new(Venue.Id, CanonicalPair.Of(baseAsset, quoteAsset), baseAsset.ToUpperInvariant(), quoteAsset.ToUpperInvariant(), venueSymbol, status, open);

    private async Task<JsonDocument> GetJsonAsync(string pathAndQuery, double cost, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, pathAndQuery);
        request.Options.Set(VenueGateHandler.Cost, cost);
        using var response = await ExchangeResponses.SendAsync(http, request, cancellationToken);
        await using var body = await ExchangeResponses.OpenJsonBodyAsync(response, options.MaxBodyBytes, cancellationToken);
        try
        {
            return await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new ExchangeDataException($"{Venue.DisplayName} {request.RequestUri} body is not valid JSON: {ex.Message}", ex);
        }
    }

    /// <summary>Points a client at the venue's root; paths are relative to it.</summary>
    public static void Configure(HttpClient client, VenueOptions options)
    {
        var baseUrl = options.BaseUrl.ToString();
        client.BaseAddress = new Uri(baseUrl.EndsWith('/') ? baseUrl : baseUrl + "/");
        client.DefaultRequestHeaders.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        client.DefaultRequestHeaders.UserAgent.ParseAdd("CryptApp/1.0");
        // The gate handler bounds each attempt; time spent queued for budget must not count.
        client.Timeout = Timeout.InfiniteTimeSpan;
    }
}
