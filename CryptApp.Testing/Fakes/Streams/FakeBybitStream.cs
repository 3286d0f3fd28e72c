using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>Bybit's <c>orderbook.{depth}.{symbol}</c>: a snapshot, then deltas with <c>u</c> one past the last; <c>u</c> = 1 restarts.</summary>
public sealed class FakeBybitStream : FakeStreamProtocol
{
    public override string Venue => "bybit";

    public override IEnumerable<string> OnMessage(FakeStreamSession session, JsonNode message, Func<string, FakeStreamBook> book)
    {
        var op = (string?)message["op"];
        if (op == "ping")
        {
            yield return """{"success":true,"ret_msg":"pong","conn_id":"0970e817","op":"ping"}""";
            yield break;
        }

        if (op is not ("subscribe" or "unsubscribe"))
        {
            yield break;
        }

        yield return $$"""{"success":true,"ret_msg":"","conn_id":"2324d924","op":"{{op}}"}""";
        foreach (var topic in message["args"]!.AsArray().Select(a => (string)a!))
        {
            var parts = topic.Split('.');
            session.Depth = int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture);
            if (op == "unsubscribe")
            {
                session.Symbols.Remove(parts[2]);
                continue;
            }

            session.Symbols.Add(parts[2]);
            yield return Snapshot(session, book(parts[2]), book(parts[2]).Sequence);
        }
    }

    public override string? Update(FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, bool wrongChecksum)
    {
        book.Sequence++;
        return $$"""{"topic":"orderbook.{{session.Depth}}.{{book.Symbol}}","type":"delta","ts":{{book.Time.ToUnixTimeMilliseconds()}},"data":{"s":"{{book.Symbol}}","b":{{Arrays(changes, true)}},"a":{{Arrays(changes, false)}},"u":{{book.Sequence}},"seq":{{book.Sequence * 3}}},"cts":{{book.Time.ToUnixTimeMilliseconds()}}}""";
    }

    /// <summary>A service restart: the whole book again with <c>u</c> = 1, sent as a delta.</summary>
    public override string? Reset(FakeStreamSession session, FakeStreamBook book)
    {
        book.Sequence = 1;
        return $$"""{"topic":"orderbook.{{session.Depth}}.{{book.Symbol}}","type":"delta","ts":{{book.Time.ToUnixTimeMilliseconds()}},"data":{"s":"{{book.Symbol}}","b":{{Arrays(book.Top(true, session.Depth))}},"a":{{Arrays(book.Top(false, session.Depth))}},"u":1,"seq":1},"cts":{{book.Time.ToUnixTimeMilliseconds()}}}""";
    }

    /// <summary>The REST <c>/v5/market/orderbook</c> answer of the same book.</summary>
    public static string RestBook(FakeStreamBook book, IEnumerable<KeyValuePair<decimal, decimal>> bids, IEnumerable<KeyValuePair<decimal, decimal>> asks) =>
        $$"""{"retCode":0,"retMsg":"OK","result":{"s":"{{book.Symbol}}","b":{{Arrays(bids)}},"a":{{Arrays(asks)}},"ts":{{book.Time.ToUnixTimeMilliseconds()}},"u":{{book.Sequence}},"seq":{{book.Sequence * 3}}},"retExtInfo":{},"time":{{book.Time.ToUnixTimeMilliseconds()}}}""";

    private static string Snapshot(FakeStreamSession session, FakeStreamBook book, long u) =>
        $$"""{"topic":"orderbook.{{session.Depth}}.{{book.Symbol}}","type":"snapshot","ts":{{book.Time.ToUnixTimeMilliseconds()}},"data":{"s":"{{book.Symbol}}","b":{{Arrays(book.Top(true, session.Depth))}},"a":{{Arrays(book.Top(false, session.Depth))}},"u":{{u}},"seq":{{u * 3}}},"cts":{{book.Time.ToUnixTimeMilliseconds()}}}""";
}
