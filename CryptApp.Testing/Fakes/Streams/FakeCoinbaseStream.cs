using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>Coinbase Advanced Trade <c>level2</c> on channel <c>l2_data</c>, and <c>heartbeats</c>; every frame numbered by the connection's <c>sequence_num</c>.</summary>
public sealed class FakeCoinbaseStream : FakeStreamProtocol
{
    public override string Venue => "coinbase";

    public override IEnumerable<string> OnMessage(FakeStreamSession session, JsonNode message, Func<string, FakeStreamBook> book)
    {
        var type = (string?)message["type"];
        if (type is not ("subscribe" or "unsubscribe") || (string?)message["channel"] != "level2")
        {
            yield break;
        }

        var products = message["product_ids"]!.AsArray().Select(p => (string)p!).ToList();
        yield return Envelope(session, "subscriptions", DateTimeOffset.UtcNow, """[{"subscriptions":{"level2":[]}}]""");
        foreach (var product in products)
        {
            if (type == "unsubscribe")
            {
                session.Symbols.Remove(product);
                continue;
            }

            session.Symbols.Add(product);
            var b = book(product);
            var updates = b.Bids.Select(l => (true, l.Key, l.Value)).Concat(b.Asks.Select(l => (false, l.Key, l.Value))).ToList();
            yield return Envelope(session, "l2_data", b.Time, Event("snapshot", product, updates));
        }
    }

    public override string? Update(FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, bool wrongChecksum) =>
        Envelope(session, "l2_data", book.Time, Event("update", book.Symbol, changes));

    public override string? Heartbeat(FakeStreamSession session) =>
        Envelope(session, "heartbeats", DateTimeOffset.UtcNow, """[{"current_time":"now","heartbeat_counter":1}]""");

    /// <summary>Skips one sequence number, as a frame lost on the way would.</summary>
    public static void Skip(FakeStreamSession session) => session.Sequence++;

    private static string Envelope(FakeStreamSession session, string channel, DateTimeOffset time, string events) =>
        $$"""{"channel":"{{channel}}","client_id":"","timestamp":"{{time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.fffffff}}55Z","sequence_num":{{++session.Sequence}},"events":{{events}}}""";

    private static string Event(string type, string product, IEnumerable<(bool Bid, decimal Price, decimal Size)> updates) =>
        $$"""[{"type":"{{type}}","product_id":"{{product}}","updates":[{{string.Join(',', updates.Select(u => $$"""{"side":"{{(u.Bid ? "bid" : "offer")}}","event_time":"1970-01-01T00:00:00Z","price_level":"{{S(u.Price)}}","new_quantity":"{{S(u.Size)}}"}"""))}}]}]""";
}
