using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes;

/// <summary>
/// The bodies <see cref="FakeVenues"/> serves: the recorded fixtures, listings extended with the
/// statuses and legacy names the recordings lack, and generated L2 books in each venue's shape.
/// </summary>
internal static class FakeVenueBodies
{
    public static string Instruments(string venue) => venue switch
    {
        "binance" => WithRows("binance/api_v3_exchangeInfo_nautilus.json", r => r["symbols"]!.AsArray(),
            """{"symbol":"LUNABTC","status":"BREAK","baseAsset":"LUNA","quoteAsset":"BTC","isSpotTradingAllowed":true}"""),
        "coinbase" => CoinbaseProducts(),
        "kraken" => KrakenPairs(),
        "okx" => Fixtures.Read("okx/api_v5_public_instruments_SPOT_composed.json"),
        "bybit" => Fixtures.Read("bybit/v5_market_instruments_info_spot_composed.json"),
        _ => throw new ArgumentOutOfRangeException(nameof(venue), venue, null),
    };

    /// <summary>The recorded book where there is one for <paramref name="symbol"/>, else a generated one of <paramref name="depth"/> levels.</summary>
    public static string Book(string venue, string symbol, int depth) => (venue, symbol) switch
    {
        ("binance", "BTCUSDT") => Fixtures.Read("binance/api_v3_depth_BTCUSDT_nautilus.json"),
        ("coinbase", "BTC-USD") => Fixtures.Read("coinbase/products_BTC-USD_book_level2_trimmed30_senken.json"),
        ("coinbase", "ETH-USD") => FullCoinbaseBook.Value,
        ("kraken", "XXBTZUSD" or "XBTUSD") => Fixtures.Read("kraken/0_public_Depth_XBTUSD_count5_senken.json"),
        ("kraken", "XBTUSDT") => Fixtures.Read("kraken/0_public_Depth_XBTUSDT_nautilus.json"),
        ("okx", "BTC-USDT") => Fixtures.Read("okx/api_v5_market_books_BTC-USDT_docs.json"),
        ("bybit", "BTCUSDT") => Fixtures.Read("bybit/v5_market_orderbook_spot_BTCUSDT_docs.json"),
        _ => Generated(venue, symbol, Math.Clamp(depth, 1, 1000)),
    };

    private static readonly Lazy<string> FullCoinbaseBook = new(() => Generated("coinbase", "ETH-USD", FakeVenues.FullCoinbaseBookLevels));

    /// <summary>
    /// The recorded products, behind the auction product Coinbase lists before BTC-USD with the same base and quote
    /// (<c>cancel_only</c>; the row as ccxt's Coinbase adapter quotes it), plus an open ETH-USD and a <c>post_only</c> SOL-USD.
    /// </summary>
    private static string CoinbaseProducts()
    {
        var products = JsonNode.Parse(Fixtures.Read("coinbase/products_subset_with_delisted_senken.json"))!.AsArray();
        products.Insert(0, JsonNode.Parse("""
            {"id":"BTCAUCTION-USD","base_currency":"BTC","quote_currency":"USD","base_min_size":"0.000016","base_max_size":"1500",
             "quote_increment":"0.01","base_increment":"0.00000001","display_name":"BTCAUCTION/USD","min_market_funds":"1",
             "max_market_funds":"20000000","margin_enabled":false,"fx_stablecoin":false,"max_slippage_percentage":"0.02000000",
             "post_only":false,"limit_only":false,"cancel_only":true,"trading_disabled":false,"status":"online","status_message":"",
             "auction_mode":false}
            """));
        products.Add(JsonNode.Parse("""{"id":"ETH-USD","base_currency":"ETH","quote_currency":"USD","status":"online","trading_disabled":false}"""));
        products.Add(JsonNode.Parse(
            """{"id":"SOL-USD","base_currency":"SOL","quote_currency":"USD","status":"online","trading_disabled":false,"post_only":true,"cancel_only":false,"auction_mode":false}"""));
        return products.ToJsonString();
    }

    public static string ErrorEnvelope(string venue) => venue switch
    {
        "binance" => """{"code":-1121,"msg":"Invalid symbol."}""",
        "coinbase" => """{"message":"NotFound"}""",
        "kraken" => """{"error":["EQuery:Unknown asset pair"]}""",
        "okx" => """{"code":"51001","msg":"Instrument ID does not exist","data":[]}""",
        _ => """{"retCode":10001,"retMsg":"params error: symbol invalid","result":{},"retExtInfo":{},"time":1672765737734}""",
    };

    /// <summary>Binance and Coinbase say "no" with a 4xx status; the others inside a 200.</summary>
    public static int ErrorEnvelopeStatus(string venue) => venue switch
    {
        "binance" => 400,
        "coinbase" => 404,
        _ => 200,
    };

    private static string KrakenPairs()
    {
        var root = JsonNode.Parse(Fixtures.Read("kraken/0_public_AssetPairs_nautilus.json"))!;
        var result = root["result"]!.AsObject();
        // The legacy names the recording lacks: XXBT/ZUSD (BTC-USD) open, XXDG/ZUSD (DOGE-USD) cancel-only, XETH/ZUSD (ETH-USD) post-only.
        result["XXBTZUSD"] = JsonNode.Parse("""{"altname":"XBTUSD","wsname":"XBT/USD","base":"XXBT","quote":"ZUSD","status":"online","pair_decimals":1,"lot_decimals":8}""");
        result["XXDGZUSD"] = JsonNode.Parse("""{"altname":"XDGUSD","wsname":"XDG/USD","base":"XXDG","quote":"ZUSD","status":"cancel_only","pair_decimals":1,"lot_decimals":8}""");
        result["XETHZUSD"] = JsonNode.Parse("""{"altname":"ETHUSD","wsname":"ETH/USD","base":"XETH","quote":"ZUSD","status":"post_only","pair_decimals":1,"lot_decimals":8}""");
        result["XBTUSDT.d"] = JsonNode.Parse("""{"altname":"XBTUSDT.d","base":"XXBT","quote":"USDT"}""");
        return root.ToJsonString();
    }

    private static string WithRows(string fixture, Func<JsonNode, JsonArray> rows, string row)
    {
        var root = JsonNode.Parse(Fixtures.Read(fixture))!;
        rows(root).Add(JsonNode.Parse(row));
        return root.ToJsonString();
    }

    private static string Generated(string venue, string symbol, int depth)
    {
        var book = FakeBook.Generate(new Random(symbol.GetHashCode(StringComparison.Ordinal) & 0xffff), 100, depth, depth);
        var bids = Levels(book.Bids.OrderByDescending(e => Px(e)), venue);
        var asks = Levels(book.Asks.OrderBy(e => Px(e)), venue);
        return venue switch
        {
            "binance" => $$"""{"lastUpdateId":1,"bids":{{bids}},"asks":{{asks}}}""",
            "coinbase" => $$"""{"bids":{{bids}},"asks":{{asks}},"sequence":1,"auction_mode":false,"auction":null,"time":"2026-01-02T03:04:05.123456Z"}""",
            "kraken" => $$"""{"error":[],"result":{"{{symbol}}":{"asks":{{asks}},"bids":{{bids}}""" + "}}}",
            "okx" => $$"""{"code":"0","msg":"","data":[{"asks":{{asks}},"bids":{{bids}},"ts":"1767323045123"}]}""",
            _ => $$"""{"retCode":0,"retMsg":"OK","result":{"s":"{{symbol}}","b":{{bids}},"a":{{asks}},"ts":1767323045123,"u":1},"retExtInfo":{},"time":1767323045124}""",
        };
    }

    private static double Px(FakeEntry entry) => double.Parse(entry.Px.Trim('"'), CultureInfo.InvariantCulture);

    /// <summary>Each level as the venue writes it: strings, plus the order count or timestamp some venues add.</summary>
    private static string Levels(IEnumerable<FakeEntry> entries, string venue)
    {
        var json = new StringBuilder("[");
        foreach (var entry in entries)
        {
            json.Append(json.Length > 1 ? "," : "").Append("[\"").Append(entry.Px.Trim('"')).Append("\",\"").Append(entry.Qty.Trim('"')).Append('"');
            json.Append(venue switch
            {
                "coinbase" => $",{entry.Num % 7 + 1}",
                "kraken" => ",1767323045",
                "okx" => $",\"0\",\"{entry.Num % 7 + 1}\"",
                _ => "",
            });
            json.Append(']');
        }

        return json.Append(']').ToString();
    }
}
