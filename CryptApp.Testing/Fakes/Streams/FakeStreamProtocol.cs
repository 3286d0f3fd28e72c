using System.Globalization;
using System.Text.Json.Nodes;

namespace CryptApp.Testing.Fakes.Streams;

/// <summary>How one venue's stream speaks: its replies to subscribe messages, its snapshot and update frames, its heartbeat.</summary>
public abstract class FakeStreamProtocol
{
    public abstract string Venue { get; }

    /// <summary>The frames answering a client message; symbols it subscribes are added to the session (and get their snapshot).</summary>
    public abstract IEnumerable<string> OnMessage(FakeStreamSession session, JsonNode message, Func<string, FakeStreamBook> book);

    /// <summary>The frame carrying <paramref name="changes"/> of <paramref name="book"/>; null sends nothing.</summary>
    public abstract string? Update(FakeStreamSession session, FakeStreamBook book, IReadOnlyList<(bool Bid, decimal Price, decimal Size)> changes, bool wrongChecksum);

    /// <summary>A snapshot sent mid-stream that the client must start the book from again; null where the venue has none.</summary>
    public virtual string? Reset(FakeStreamSession session, FakeStreamBook book) => null;

    public virtual string? Heartbeat(FakeStreamSession session) => null;

    /// <summary>Levels a connection sees of the venue's book: the depth it subscribed at.</summary>
    public virtual int DepthOf(FakeStreamSession session) => session.Depth;

    protected static string S(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    protected static string Arrays(IEnumerable<KeyValuePair<decimal, decimal>> levels) =>
        "[" + string.Join(',', levels.Select(l => $"[\"{S(l.Key)}\",\"{S(l.Value)}\"]")) + "]";

    protected static string Arrays(IEnumerable<(bool Bid, decimal Price, decimal Size)> changes, bool bid) =>
        Arrays(changes.Where(c => c.Bid == bid).Select(c => KeyValuePair.Create(c.Price, c.Size)));
}
