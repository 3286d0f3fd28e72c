using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>Binance's diff depth stream: no snapshot in the stream; updates carry <c>U</c> (first id) and <c>u</c> (last id).</summary>
public sealed class FakeBinanceStream : FakeStreamProtocol
{
    public override string Venue => "binance";

    public override IEnumerable<string> OnMessage(FakeStreamSession session, JsonNode message, Func<string, FakeStreamBook> book)
    {
        if ((string?)message["method"] == "LIST_SUBSCRIPTIONS")
        {
            var streams = string.Join(',', session.Symbols.Select(s => '"' + s.ToLowerInvariant() + "@depth@100ms\""));
            yield return $$"""{"result":[{{streams}}],"id":{{message["id"]!.ToJsonString()}}}""";
            yield break;
        }

        if ((string?)message["method"] != "SUBSCRIBE")
        {
            yield break;
        }

        foreach (var stream in message["params"]!.AsArray().Select(p => (string)p!))
        {
            var symbol = stream.Split('@')[0].ToUpperInvariant();
            book(symbol);
            session.Symbols.Add(symbol);
        }

        yield return $$"""{"result":null,"id":{{message["id"]!.ToJsonString()}}}""";
    }

    public override string? Update(FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, bool wrongChecksum)
    {
        var first = book.Sequence + 1;
        // Binance's ids count every change of the book; one event may span several.
        book.Sequence += changes.Count;
        return $$"""{"e":"depthUpdate","E":{{book.Time.ToUnixTimeMilliseconds()}},"s":"{{book.Symbol}}","U":{{first}},"u":{{book.Sequence}},"b":{{Arrays(changes, true)}},"a":{{Arrays(changes, false)}}}""";
    }

    /// <summary>The REST <c>/api/v3/depth</c> answer.</summary>
    public static string Depth(FakeStreamBook book, int limit, long lastUpdateId) =>
        $$"""{"lastUpdateId":{{lastUpdateId}},"bids":{{Arrays(book.Top(true, limit))}},"asks":{{Arrays(book.Top(false, limit))}}}""";

    public static string ServerShutdown() => $$"""{"e":"serverShutdown","E":{{DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}}}""";
}
