using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>OKX's <c>books</c>: a snapshot (prevSeqId -1), then updates chained by prevSeqId = the last seqId; checksum always 0.</summary>
public sealed class FakeOkxStream : FakeStreamProtocol
{
    public override string Venue => "okx";

    public override IEnumerable<string> OnMessage(FakeStreamSession session, JsonNode message, Func<string, FakeStreamBook> book)
    {
        var op = (string?)message["op"];
        if (op is not ("subscribe" or "unsubscribe"))
        {
            yield break;
        }

        foreach (var arg in message["args"]!.AsArray())
        {
            var symbol = (string)arg!["instId"]!;
            yield return $$"""{"event":"{{op}}","arg":{"channel":"books","instId":"{{symbol}}"},"connId":"a4d3ae55"}""";
            if (op == "unsubscribe")
            {
                session.Symbols.Remove(symbol);
                continue;
            }

            session.Symbols.Add(symbol);
            yield return Snapshot(book(symbol));
        }
    }

    public override string? Update(FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, bool wrongChecksum)
    {
        var previous = book.Sequence;
        book.Sequence += 1 + (book.Sequence % 7);
        return Frame("update", book, Levels(changes, true), Levels(changes, false), previous);
    }

    public override string? Reset(FakeStreamSession session, FakeStreamBook book) => Snapshot(book);

    private static string Snapshot(FakeStreamBook book) =>
        Frame("snapshot", book, Levels(book.Top(true, 400)), Levels(book.Top(false, 400)), -1);

    private static string Frame(string action, FakeStreamBook book, string bids, string asks, long previous) =>
        $$"""{"arg":{"channel":"books","instId":"{{book.Symbol}}"},"action":"{{action}}","data":[{"asks":{{asks}},"bids":{{bids}},"ts":"{{book.Time.ToUnixTimeMilliseconds()}}","checksum":0,"prevSeqId":{{previous}},"seqId":{{book.Sequence}}}]}""";

    private static string Levels(IEnumerable<KeyValuePair<decimal, decimal>> levels) =>
        "[" + string.Join(',', levels.Select(l => $"[\"{S(l.Key)}\",\"{S(l.Value)}\",\"0\",\"{(l.Value == 0 ? 0 : 1 + (int)(l.Key % 5))}\"]")) + "]";

    private static string Levels(IEnumerable<(bool Bid, decimal Price, decimal Size)> changes, bool bid) =>
        Levels(changes.Where(c => c.Bid == bid).Select(c => KeyValuePair.Create(c.Price, c.Size)));
}
