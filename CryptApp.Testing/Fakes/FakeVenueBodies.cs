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
        "coinbase" => WithRows("coinbase/products_subset_with_delisted_senken.json", r => r.AsArray(),
            """{"id":"ETH-USD","base_currency":"ETH","quote_currency":"USD","status":"online","trading_disabled":false}"""),
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
        ("kraken", "XXBTZUSD" or "XBTUSD") => Fixtures.Read("kraken/0_public_Depth_XBTUSD_count5_senken.json"),
        ("kraken", "XBTUSDT") => Fixtures.Read("kraken/0_public_Depth_XBTUSDT_nautilus.json"),
        ("okx", "BTC-USDT") => Fixtures.Read("okx/api_v5_market_books_BTC-USDT_docs.json"),
        ("bybit", "BTCUSDT") => Fixtures.Read("bybit/v5_market_orderbook_spot_BTCUSDT_docs.json"),
        _ => Generated(venue, symbol, Math.Clamp(depth, 1, 1000)),
    };

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
        // The legacy names the recording lacks: XXBT/ZUSD (BTC-USD) open, XXDG/ZUSD (DOGE-USD) cancel-only.
        result["XXBTZUSD"] = JsonNode.Parse("""{"altname":"XBTUSD","wsname":"XBT/USD","base":"XXBT","quote":"ZUSD","status":"online"}""");
        result["XXDGZUSD"] = JsonNode.Parse("""{"altname":"XDGUSD","wsname":"XDG/USD","base":"XXDG","quote":"ZUSD","status":"cancel_only"}""");
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
