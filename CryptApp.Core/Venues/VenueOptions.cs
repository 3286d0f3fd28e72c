using System.ComponentModel.DataAnnotations;

namespace CryptApp.Core.Venues;

/// <summary>
/// Configuration section <c>Exchanges:&lt;Venue&gt;</c> (Blockchain, Binance, Coinbase, Kraken, Okx, Bybit),
/// over the defaults of the venue's <see cref="VenueDefinition"/>. Every venue is enabled by default, as a real
/// deployment wants; tests and local runs switch one off with <c>Exchanges__Binance__Enabled=false</c>.
/// </summary>
public sealed class VenueOptions
{
    public const string SectionPrefix = "Exchanges";

    public bool Enabled { get; set; } = true;

    /// <summary>The root before the API path, e.g. <c>https://data-api.binance.vision</c>.</summary>
    [Required]
    public Uri BaseUrl { get; set; } = null!;

    /// <summary>
    /// Canonical pairs to collect, comma separated (<c>BTC-USDT,ETH-USDT</c>) or as an array; empty or
    /// <c>*</c> collects every open instrument.
    /// </summary>
    public string Symbols { get; set; } = "";

    /// <summary>Levels a side to ask for: a market's first book, and every book when <see cref="AdaptDepth"/> is off.</summary>
    [Range(1, 10_000)]
    public int Depth { get; set; } = 100;

    /// <summary>
    /// Ask each market for the smallest of the venue's depth tiers that reaches 5 % of mid: a tier up while its book comes
    /// back cut inside the band, down to the smallest tier that holds it (<see cref="VenueDefinition.NextDepth"/>).
    /// </summary>
    public bool AdaptDepth { get; set; } = true;

    /// <summary>
    /// What the venue allows per <see cref="BudgetWindow"/>: requests, or request weight where the venue
    /// counts weight (Binance), in any span of one <see cref="BudgetWindow"/> (<see cref="VenueBudget"/>).
    /// </summary>
    [Range(0.001, 1_000_000)]
    public double Budget { get; set; } = 1;

    [Range(typeof(TimeSpan), "00:00:00.001", "01:00:00")]
    public TimeSpan BudgetWindow { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// When set, the budget in requests per second: <see cref="Budget"/> this many per one-second window
    /// (<c>Exchanges:Blockchain:RequestsPerSecond</c> keeps its documented meaning).
    /// </summary>
    [Range(0.1, 1000)]
    public double? RequestsPerSecond { get; set; }

    /// <summary>Retries after a 5xx, 429, timeout or network error, with jittered exponential backoff; each attempt takes from the budget.</summary>
    [Range(1, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First backoff delay; later ones grow exponentially. A 429's Retry-After takes precedence.</summary>
    [Range(typeof(TimeSpan), "00:00:00.001", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long to stay away after a ban that names no end (Bybit's 403 "access too frequent").</summary>
    [Range(typeof(TimeSpan), "00:00:00", "1.00:00:00")]
    public TimeSpan BanBackoff { get; set; } = TimeSpan.FromMinutes(10);

    /// <summary>Per attempt, from when the budget lets the request go until its whole body is read.</summary>
    [Range(typeof(TimeSpan), "00:00:00.010", "00:05:00")]
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Largest response body accepted; a bigger one fails that request, not the collector.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 64 * 1024 * 1024;

    /// <summary>The venue's live books (<c>Exchanges:&lt;Venue&gt;:Stream</c>).</summary>
    public VenueStreamOptions Stream { get; set; } = new();

    /// <summary>The configured pairs in canonical form; empty means every open instrument.</summary>
    public IReadOnlyList<string> SymbolList()
    {
        var pairs = new List<string>();
        foreach (var text in Symbols.Split([',', ';', ' '], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (text == "*")
            {
                return [];
            }

            pairs.Add(CanonicalPair.Normalize(text, out var error) ?? throw new FormatException($"Symbols: {error}"));
        }

        return pairs.Distinct().ToList();
    }

    /// <summary>Whether <paramref name="instrument"/> is one to collect: open, and listed in <see cref="Symbols"/> when that names any.</summary>
    public bool Selects(VenueInstrument instrument)
    {
        var pairs = SymbolList();
        return instrument.Open && (pairs.Count == 0 || pairs.Contains(instrument.Pair));
    }
}
