using System.Globalization;
using System.IO.Hashing;
using System.Text;
using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>
/// Kraken v2 <c>book</c>: levels as JSON numbers written without trailing zeros (as the MATIC/USD example of Kraken's
/// docs shows them), updates only for the subscribed depth (a level entering it is sent, one pushed out is not), and the
/// CRC32 of the top 10 with the pair's decimals, computed here from strings as Kraken's guide describes it.
/// </summary>
public sealed class FakeKrakenStream(int priceDecimals, int sizeDecimals) : FakeStreamProtocol
{
    public override string Venue => "kraken";

    public override IEnumerable<string> OnMessage(FakeStreamSession session, JsonNode message, Func<string, FakeStreamBook> book)
    {
        var method = (string?)message["method"];
        if (method is not ("subscribe" or "unsubscribe") || (string?)message["params"]?["channel"] != "book")
        {
            yield break;
        }

        session.Depth = (int?)message["params"]!["depth"] ?? 10;
        foreach (var symbol in message["params"]!["symbol"]!.AsArray().Select(s => (string)s!))
        {
            yield return $$"""{"method":"{{method}}","result":{"channel":"book","depth":{{session.Depth}},"snapshot":true,"symbol":"{{symbol}}"},"success":true}""";
            if (method == "unsubscribe")
            {
                session.Symbols.Remove(symbol);
                continue;
            }

            session.Symbols.Add(symbol);
            var b = book(symbol);
            var (bids, asks) = Remember(session, b);
            yield return Frame("snapshot", b, bids, asks, Checksum(b, session.Depth, wrong: false));
        }
    }

    public override string? Update(FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, bool wrongChecksum)
    {
        var (oldBids, oldAsks) = session.Sent[book.Symbol];
        var (bids, asks) = Remember(session, book);
        var (bidChanges, askChanges) = (Diff(oldBids, bids, book.Bids), Diff(oldAsks, asks, book.Asks));
        // A change beyond the subscribed depth is not sent at all.
        return bidChanges.Count + askChanges.Count == 0 ? null : Frame("update", book, bidChanges, askChanges, Checksum(book, session.Depth, wrongChecksum));
    }

    public override string? Heartbeat(FakeStreamSession session) => """{"channel":"heartbeat"}""";

    /// <summary>Kraken's checksum of the book's top 10 levels, from the strings its guide builds.</summary>
    public uint Checksum(FakeStreamBook book, int depth, bool wrong)
    {
        var text = new StringBuilder();
        foreach (var level in book.Top(false, Math.Min(10, depth)).Concat(book.Top(true, Math.Min(10, depth))))
        {
            text.Append(Digits(level.Key.ToString("F" + priceDecimals, CultureInfo.InvariantCulture)));
            text.Append(Digits(level.Value.ToString("F" + sizeDecimals, CultureInfo.InvariantCulture)));
        }

        var crc = Crc32.HashToUInt32(Encoding.ASCII.GetBytes(text.ToString()));
        return wrong ? crc ^ 0x5A5A5A5A : crc;
    }

    private static string Digits(string number) => number.Replace(".", "", StringComparison.Ordinal).TrimStart('0');

    private static (List<KeyValuePair<decimal, decimal>>, List<KeyValuePair<decimal, decimal>>) Remember(FakeStreamSession session, FakeStreamBook book)
    {
        var sent = (book.Top(true, session.Depth).ToList(), book.Top(false, session.Depth).ToList());
        session.Sent[book.Symbol] = sent;
        return sent;
    }

    /// <summary>What changed in the top: new or resized levels, and removals of levels gone from the book (not those pushed out of the depth).</summary>
    private static List<KeyValuePair<decimal, decimal>> Diff(List<KeyValuePair<decimal, decimal>> before, List<KeyValuePair<decimal, decimal>> after, SortedDictionary<decimal, decimal> side)
    {
        var changed = after.Where(l => !before.Contains(l)).ToList();
        changed.AddRange(before.Where(l => !side.ContainsKey(l.Key)).Select(l => KeyValuePair.Create(l.Key, 0m)));
        return changed;
    }

    private static string Frame(string type, FakeStreamBook book, List<KeyValuePair<decimal, decimal>> bids, List<KeyValuePair<decimal, decimal>> asks, uint checksum) =>
        $$"""{"channel":"book","type":"{{type}}","data":[{"symbol":"{{book.Symbol}}","bids":{{Objects(bids)}},"asks":{{Objects(asks)}},"checksum":{{checksum}},"timestamp":"{{book.Time.UtcDateTime:yyyy-MM-ddTHH:mm:ss.ffffffZ}}"}]}""";

    private static string Objects(IEnumerable<KeyValuePair<decimal, decimal>> levels) =>
        "[" + string.Join(',', levels.Select(l => $$"""{"price":{{Trimmed(l.Key)}},"qty":{{Trimmed(l.Value)}}}""")) + "]";

    private static string Trimmed(decimal value) => (value / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
}
