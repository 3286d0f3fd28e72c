namespace CryptApp.Core.Exchanges.Venues;

/// <summary>
/// Each venue's defaults, from its published limits (sources beside each). The budgets are the
/// published per-IP ceilings of the public endpoints we call; the gate also follows what the venue
/// says at run time (Retry-After, Binance's used-weight header, bans).
/// </summary>
public static class VenueDefaults
{
    private const string MajorsUsdt = "BTC-USDT,ETH-USDT,SOL-USDT,XRP-USDT,DOGE-USDT";

    /// <summary>The defaults of <paramref name="venue"/>, on a fresh options object.</summary>
    public static VenueOptions For(string venue)
    {
        var options = new VenueOptions();
        Apply(venue, options);
        return options;
    }

    public static void Apply(string venue, VenueOptions options)
    {
        switch (VenueCatalog.Get(venue).Id)
        {
            case VenueIds.Blockchain:
                // Every open symbol, the L3 book whole, as the original collected; no published limit, two a second is polite.
                Set(options, "https://api.blockchain.com/v3/exchange", "", budget: 2, TimeSpan.FromSeconds(1));
                break;
            case VenueIds.Binance:
                // developers.binance.com spot REST "LIMITS": REQUEST_WEIGHT 6000 per minute per IP; GET /api/v3/depth
                // weighs 5 (limit 1-100), 25 (101-500), 50 (501-1000), 250 (1001-5000); exchangeInfo weighs 20.
                // data-api.binance.vision is Binance's documented host for public market data only (same paths); api.binance.com
                // answers 451 from restricted regions.
                Set(options, "https://data-api.binance.vision", MajorsUsdt + ",BNB-USDT", budget: 6000, TimeSpan.FromMinutes(1));
                break;
            case VenueIds.Coinbase:
                // docs.cdp.coinbase.com Exchange REST rate limits: public endpoints 10 requests per second per IP.
                Set(options, "https://api.exchange.coinbase.com", "BTC-USD,ETH-USD,SOL-USD,XRP-USD,DOGE-USD", budget: 10, TimeSpan.FromSeconds(1));
                break;
            case VenueIds.Kraken:
                // Kraken support "What are the API rate limits": public REST about 1 call per second per IP.
                Set(options, "https://api.kraken.com", "BTC-USD,ETH-USD,SOL-USD,XRP-USD,DOGE-USD,BTC-USDT", budget: 1, TimeSpan.FromSeconds(1));
                break;
            case VenueIds.Okx:
                // OKX API v5 "Get order book": 40 requests per 2 seconds per IP (instruments: 20 per 2 s, called once a run).
                Set(options, "https://www.okx.com", MajorsUsdt, budget: 40, TimeSpan.FromSeconds(2));
                break;
            case VenueIds.Bybit:
                // bybit-exchange.github.io/docs/v5/rate-limit: 600 requests per 5-second window per IP;
                // 403 "access too frequent" means stop for at least 10 minutes.
                Set(options, "https://api.bybit.com", MajorsUsdt, budget: 600, TimeSpan.FromSeconds(5));
                options.BanBackoff = TimeSpan.FromMinutes(10);
                break;
        }
    }

    /// <summary>
    /// Most levels a side the venue serves in one request: Binance 5000 (depth limit), Kraken 500 (count),
    /// OKX 400 (sz), Bybit 200 (spot limit); Coinbase's level 2 is its whole aggregated book, cut to depth here.
    /// </summary>
    public static int MaxDepth(string venue) => VenueCatalog.Get(venue).Id switch
    {
        VenueIds.Binance => 5000,
        VenueIds.Kraken => 500,
        VenueIds.Okx => 400,
        VenueIds.Bybit => 200,
        _ => int.MaxValue,
    };

    private static void Set(VenueOptions options, string baseUrl, string symbols, double budget, TimeSpan window)
    {
        options.BaseUrl = new Uri(baseUrl);
        options.Symbols = symbols;
        options.Budget = budget;
        options.BudgetWindow = window;
    }
}
