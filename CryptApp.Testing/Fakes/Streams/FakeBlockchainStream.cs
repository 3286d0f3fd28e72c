using System.Globalization;
using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>Blockchain.com's <c>l2</c> and <c>heartbeat</c> channels: every frame numbered by the connection's <c>seqnum</c>; levels <c>{px, qty, num}</c> as numbers, in no order.</summary>
public sealed class FakeBlockchainStream : FakeStreamProtocol
{
    public override string Venue => "blockchain";

    public override IEnumerable<string> OnMessage(FakeStreamSession session, JsonNode message, Func<string, FakeStreamBook> book)
    {
        var action = (string?)message["action"];
        var channel = (string?)message["channel"];
        if (action is not ("subscribe" or "unsubscribe"))
        {
            yield break;
        }

        if (channel == "heartbeat")
        {
            yield return $$"""{"seqnum":{{++session.Sequence}},"event":"subscribed","channel":"heartbeat"}""";
            yield break;
        }

        var symbol = (string)message["symbol"]!;
        yield return $$"""{"seqnum":{{++session.Sequence}},"event":"{{action}}d","channel":"l2","symbol":"{{symbol}}"}""";
        if (action == "unsubscribe")
        {
            session.Symbols.Remove(symbol);
            yield break;
        }

        session.Symbols.Add(symbol);
        var b = book(symbol);
        // No ordering promised: send each side shuffled.
        yield return Frame(session, "snapshot", symbol,
            b.Bids.OrderBy(l => l.Key.GetHashCode()).Select(l => (l.Key, l.Value)), b.Asks.OrderBy(l => l.Key.GetHashCode()).Select(l => (l.Key, l.Value)));
    }

    public override string? Update(FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, bool wrongChecksum) =>
        Frame(session, "updated", book.Symbol, changes.Where(c => c.Bid).Select(c => (c.Price, c.Size)), changes.Where(c => !c.Bid).Select(c => (c.Price, c.Size)));

    public override string? Heartbeat(FakeStreamSession session) =>
        $$"""{"seqnum":{{++session.Sequence}},"event":"updated","channel":"heartbeat","timestamp":"{{DateTimeOffset.UtcNow.UtcDateTime:O}}"}""";

    private static string Frame(FakeStreamSession session, string type, string symbol, IEnumerable<(decimal Px, decimal Qty)> bids, IEnumerable<(decimal Px, decimal Qty)> asks) =>
        $$"""{"seqnum":{{++session.Sequence}},"event":"{{type}}","channel":"l2","symbol":"{{symbol}}","bids":{{Levels(bids)}},"asks":{{Levels(asks)}}}""";

    private static string Levels(IEnumerable<(decimal Px, decimal Qty)> levels) =>
        "[" + string.Join(',', levels.Select(l => $$"""{"px":{{l.Px.ToString(CultureInfo.InvariantCulture)}},"qty":{{l.Qty.ToString(CultureInfo.InvariantCulture)}},"num":{{(l.Qty == 0 ? 0 : 1)}}}""")) + "]";
}
