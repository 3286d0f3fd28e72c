namespace CryptApp.Core.Venues;

/// <summary>
/// Everything that makes one venue itself, kept next to its client (each client's static <c>Definition</c>):
/// its ids and names, where it is asked (REST and WebSocket), what it collects by default, its published budget,
/// how deep one book request goes, how it says "too many" and which instrument statuses have a live book.
/// The <see cref="VenueCatalog"/> lists the definitions; nothing outside them switches on a venue's name.
/// </summary>
public sealed record VenueDefinition
{
    /// <summary>The lower-case id in market ids (<c>binance:BTC-USDT</c>) and keys.</summary>
    public required string Id { get; init; }

    /// <summary>The configuration section under <c>Exchanges</c> (<c>Exchanges:Binance</c>).</summary>
    public required string Name { get; init; }

    public required string DisplayName { get; init; }

    /// <summary>The public REST root its paths are relative to.</summary>
    public required Uri RestUrl { get; init; }

    /// <summary>The public WebSocket endpoint of its live books.</summary>
    public required Uri StreamUrl { get; init; }

    /// <summary>The live book feed over <see cref="StreamUrl"/>: its instruments and the depth each book is kept at.</summary>
    public required Func<IEnumerable<VenueInstrument>, int, Streaming.VenueFeed> Feed { get; init; }

    /// <summary>Levels a side a live book is kept at by default (<c>Exchanges:&lt;Venue&gt;:Stream:Depth</c> overrides it).</summary>
    public required int StreamDepth { get; init; }

    /// <summary>The depths the venue's book channel takes; empty where any depth is taken (or the book is whole).</summary>
    public IReadOnlyList<int> StreamDepths { get; init; } = [];

    /// <summary>Connection attempts allowed per <see cref="StreamConnectWindow"/> (its published per-IP limit).</summary>
    public double StreamConnectBudget { get; init; } = 5;

    public TimeSpan StreamConnectWindow { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>Subscribe and unsubscribe messages allowed per connection per <see cref="StreamSubscribeWindow"/>, where the venue limits them (OKX's 480 an hour).</summary>
    public double? StreamSubscribeBudget { get; init; }

    public TimeSpan StreamSubscribeWindow { get; init; } = TimeSpan.FromHours(1);

    /// <summary>Canonical pairs collected by default, comma separated; empty collects every open instrument.</summary>
    public string DefaultSymbols { get; init; } = "";

    /// <summary>Requests, or request weight where the venue weighs them, allowed per <see cref="BudgetWindow"/> (its published per-IP limit).</summary>
    public required double Budget { get; init; }

    public required TimeSpan BudgetWindow { get; init; }

    /// <summary>Most levels a side one book request serves; <see cref="int.MaxValue"/> where the book comes whole.</summary>
    public int MaxDepth { get; init; } = int.MaxValue;

    /// <summary>
    /// The depths worth asking for, ascending, the last one <see cref="MaxDepth"/>: where the venue's cost steps
    /// (Binance's weights 5, 25, 50, 250 by limit), or a small and a full book where every depth costs the same.
    /// Empty where the book comes whole.
    /// </summary>
    public IReadOnlyList<int> DepthTiers { get; init; } = [];

    /// <summary>Whether the book endpoint answers the whole book whatever depth is asked (then it is kept whole).</summary>
    public bool ServesWholeBook { get; init; }

    /// <summary>Whether its book is L3 (every order, whole, read by a streaming parser) rather than L2 levels.</summary>
    public bool ServesL3 { get; init; }

    /// <summary>How long to stay away after a ban that names no end.</summary>
    public TimeSpan BanBackoff { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Errors inside a 200 that mean "too many calls" (Kraken's); empty where the venue says it by status only.</summary>
    public IReadOnlyList<string> InBandRateLimitErrors { get; init; } = [];

    /// <summary>The header where the venue reports the weight this address used in its window (Binance's), if any.</summary>
    public string? UsedWeightHeader { get; init; }

    /// <summary>The instrument statuses, in the venue's own words, whose book is live and collected.</summary>
    public required IReadOnlySet<string> LiveStatuses { get; init; }

    /// <summary>The venue's client over an <see cref="HttpClient"/> that already passes through its gate.</summary>
    public required Func<HttpClient, VenueOptions, IVenueClient> Client { get; init; }

    public string SectionName => $"{VenueOptions.SectionPrefix}:{Name}";

    public bool IsLive(string status) => LiveStatuses.Contains(status);

    /// <summary>
    /// The depth to ask a market's next book for, after a book asked at <paramref name="asked"/> levels that needed
    /// <paramref name="levelsToCover"/> a side to reach past 5 % of mid (<see cref="VenueBook.LevelsToCover"/>; null when
    /// the book was cut inside the band): the smallest tier that holds it, or the next tier up when it is not known;
    /// the whole book's venues are asked as they were.
    /// </summary>
    public int NextDepth(int asked, int? levelsToCover)
    {
        if (DepthTiers.Count == 0)
        {
            return asked;
        }

        var wanted = levelsToCover ?? asked + 1;
        return DepthTiers.FirstOrDefault(tier => tier >= wanted, DepthTiers[^1]);
    }

    /// <summary>
    /// A client with its own HTTP stack behind <paramref name="gate"/>, for hosts without an <see cref="IHttpClientFactory"/>
    /// (tests, tools). The caller owns and disposes the returned HttpClient.
    /// </summary>
    public (IVenueClient Client, HttpClient Http) CreateStandalone(VenueOptions options, VenueRateGate gate, HttpMessageHandler? primary = null)
    {
        var handler = new VenueGateHandler(gate, options)
        {
            InnerHandler = primary ?? new SocketsHttpHandler { AutomaticDecompression = System.Net.DecompressionMethods.All },
        };
        var http = new HttpClient(handler);
        VenueClient.Configure(http, options);
        return (Client(http, options), http);
    }

    /// <summary>The venue's defaults, on a fresh options object.</summary>
    public VenueOptions DefaultOptions()
    {
        var options = new VenueOptions();
        ApplyDefaults(options);
        return options;
    }

    /// <summary>Sets the venue's defaults on <paramref name="options"/>, before configuration binds over them.</summary>
    public void ApplyDefaults(VenueOptions options)
    {
        options.BaseUrl = RestUrl;
        options.Symbols = DefaultSymbols;
        options.Budget = Budget;
        options.BudgetWindow = BudgetWindow;
        options.BanBackoff = BanBackoff;
        options.Stream.Url = StreamUrl;
        options.Stream.Depth = StreamDepth;
    }
}
