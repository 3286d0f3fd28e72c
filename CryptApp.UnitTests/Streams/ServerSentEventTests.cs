using System.Net.ServerSentEvents;
using System.Text;
using CryptApp.Api.Streams;

namespace CryptApp.UnitTests.Streams;

/// <summary>
/// The streams' own event encoding read back by .NET's <c>SseParser</c> (an implementation of the WHATWG rules that is
/// not ours): type, id and data come back as written, every line ending of the data included, and comments are ignored.
/// </summary>
public sealed class ServerSentEventTests
{
    [Theory]
    [InlineData("{\"a\":1}")]
    [InlineData("line one\nline two")]
    [InlineData("crlf\r\nand cr\rand lf\n")]
    [InlineData("")]
    [InlineData(": not a comment inside data")]
    [InlineData("ünïcødé €")]
    public async Task Each_event_is_read_back_by_the_platform_parser_as_written(string data)
    {
        var stream = new MemoryStream(
        [
            .. ServerSentEvent.Retry(TimeSpan.FromSeconds(2)),
            .. ServerSentEvent.KeepAlive.ToArray(),
            .. ServerSentEvent.Encode("update", "abc.1", Encoding.UTF8.GetBytes(data)),
            .. ServerSentEvent.KeepAlive.ToArray(),
            .. ServerSentEvent.Encode("status", "abc.stale", "{}"u8),
        ]);

        var items = new List<SseItem<string>>();
        var parser = SseParser.Create(stream);
        await foreach (var item in parser.EnumerateAsync(TestContext.Current.CancellationToken))
        {
            items.Add(item);
        }

        Assert.Equal(2, items.Count);
        // The parser joins data lines with LF: a CR or CRLF in the data reads back as LF.
        Assert.Equal(("update", "abc.1", data.Replace("\r\n", "\n").Replace('\r', '\n')), (items[0].EventType, items[0].EventId, items[0].Data));
        Assert.Equal(("status", "abc.stale", "{}"), (items[1].EventType, items[1].EventId, items[1].Data));
        Assert.Equal(TimeSpan.FromSeconds(2), parser.ReconnectionInterval);
    }

    [Theory]
    [InlineData("a\nb")]
    [InlineData("a\rb")]
    [InlineData("a\0b")]
    public void An_id_that_would_break_the_framing_is_refused(string id) =>
        Assert.Throws<ArgumentException>(() => ServerSentEvent.Encode("update", id, "{}"u8));
}
