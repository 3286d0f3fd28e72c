using System.Text;
using CryptApp.Core.Venues;

namespace CryptApp.UnitTests;

/// <summary>A book is read as a stream: memory follows the orders kept, not the size of the body.</summary>
public sealed class L3BookParserMemoryTests
{
    [Fact]
    public async Task A_50000_order_book_allocates_far_less_than_its_body()
    {
        const int orders = 50_000;
        var padding = new string('x', 200);
        var json = new System.Text.StringBuilder("{\"symbol\":\"BIG-USD\",\"bids\":[");
        for (var i = 0; i < orders; i++)
        {
            json.Append(i == 0 ? "" : ",").Append("{\"px\":").Append(30000 - i * 0.01).Append(",\"qty\":0.5,\"num\":").Append(i)
                .Append(",\"client\":\"").Append(padding).Append("\"}");
        }

        json.Append("],\"asks\":[]}");
        var body = Encoding.UTF8.GetBytes(json.ToString());
        // A MemoryStream completes reads synchronously, so the whole parse stays on this thread.
        using var stream = new MemoryStream(body, writable: false);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var book = await L3BookParser.ParseAsync(stream, "BIG-USD", long.MaxValue, TestContext.Current.CancellationToken);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(orders, book.Bids.Count);
        Assert.True(allocated < body.Length / 3, $"parsing a {body.Length:N0} byte body allocated {allocated:N0} bytes");
    }
}
