using System.Text.Json.Nodes;

namespace CryptApp.Api.ReadModel;

/// <summary>
/// The stored market view with what is decided when served: <c>stale</c>. The Worker stores the view with
/// <c>"stale":null</c> and its venue fields set, so the fast path rewrites those ten bytes and copies the
/// rest. A view without venue fields (no <c>id</c>) is Blockchain.com's: it is parsed once and gets them;
/// the next run replaces it.
/// </summary>
public static class ServedMarketJson
{
    private static ReadOnlySpan<byte> StaleNull => "\"stale\":null"u8;
    private static ReadOnlySpan<byte> IdSet => "\"id\":\""u8;

    // Property names are the only place a bare quote precedes these names: inside a JSON string a quote is escaped.
    public static byte[] WithStale(byte[] json, bool? stale)
    {
        var span = json.AsSpan();
        if (span.LastIndexOf(IdSet) < 0)
        {
            return Rewrite(json, stale);
        }

        var at = span.LastIndexOf(StaleNull);
        if (stale is not { } value || at < 0)
        {
            return stale is null ? json : Rewrite(json, stale);
        }

        var replacement = value ? "\"stale\":true"u8 : "\"stale\":false"u8;
        var result = new byte[json.Length - StaleNull.Length + replacement.Length];
        span[..at].CopyTo(result);
        replacement.CopyTo(result.AsSpan(at));
        span[(at + StaleNull.Length)..].CopyTo(result.AsSpan(at + replacement.Length));
        return result;
    }

    private static byte[] Rewrite(byte[] json, bool? stale)
    {
        if (JsonNode.Parse(json) is not JsonObject view || view["symbol"]?.GetValue<string>() is not { } symbol)
        {
            return json;
        }

        var (id, exchange, @base, quote) = MarketIdentity.Of(symbol);
        view["id"] ??= id;
        view["exchange"] ??= exchange;
        view["base"] ??= @base;
        view["quote"] ??= quote;
        view["stale"] = stale;
        return System.Text.Encoding.UTF8.GetBytes(view.ToJsonString());
    }
}
