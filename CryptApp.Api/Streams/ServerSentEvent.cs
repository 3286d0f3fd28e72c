using System.Text;

namespace CryptApp.Api.Streams;

/// <summary>
/// The <c>text/event-stream</c> wire format (WHATWG HTML, "Server-sent events"): an event is its <c>event:</c>,
/// <c>id:</c> and one <c>data:</c> line per line of data, ended by a blank line; a line starting with a colon is a
/// comment. ASP.NET Core's <c>TypedResults.ServerSentEvents</c> writes no comments, which the keep-alive needs, so the
/// streams write events in this form themselves.
/// </summary>
public static class ServerSentEvent
{
    public const string ContentType = "text/event-stream";

    /// <summary>One event, encoded once and sent as these bytes to every client.</summary>
    public static byte[] Encode(string type, string id, ReadOnlySpan<byte> data)
    {
        if (id.AsSpan().IndexOfAny('\r', '\n', '\0') >= 0 || type.AsSpan().IndexOfAny('\r', '\n') >= 0)
        {
            throw new ArgumentException("An event's type and id are single lines without NUL.");
        }

        var buffer = new List<byte>(data.Length + type.Length + id.Length + 32);
        buffer.AddRange("event: "u8);
        buffer.AddRange(Encoding.UTF8.GetBytes(type));
        buffer.AddRange("\nid: "u8);
        buffer.AddRange(Encoding.UTF8.GetBytes(id));
        buffer.Add((byte)'\n');
        // Each line of the data its own data: line (CR, LF and CRLF end a line); the parser joins them with LF.
        while (true)
        {
            var end = data.IndexOfAny((byte)'\r', (byte)'\n');
            buffer.AddRange("data: "u8);
            buffer.AddRange(end < 0 ? data : data[..end]);
            buffer.Add((byte)'\n');
            if (end < 0)
            {
                break;
            }

            data = data[(end + (data[end] == '\r' && end + 1 < data.Length && data[end + 1] == '\n' ? 2 : 1))..];
        }

        buffer.Add((byte)'\n');
        return [.. buffer];
    }

    /// <summary>How long a client waits before reconnecting; sent first.</summary>
    public static byte[] Retry(TimeSpan delay) => Encoding.UTF8.GetBytes($"retry: {(long)delay.TotalMilliseconds}\n\n");

    /// <summary>A comment line: ignored by every client, it keeps proxies from closing an idle connection.</summary>
    public static ReadOnlyMemory<byte> KeepAlive { get; } = ": keep-alive\n\n"u8.ToArray();
}
