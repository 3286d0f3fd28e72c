using System.Collections.Concurrent;
using System.Text.Json;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Streams;

namespace CryptApp.Api.Streams;

/// <summary>
/// One version of what a stream shows: the view's JSON as the REST answer has it and, for a market, its stored book.
/// Each event made of it (snapshot or update, with the top N levels or none) is encoded once and shared by every
/// client that asks for the same, so fan-out copies no JSON.
/// </summary>
public sealed class TopicView(string id, byte[] json, byte[]? bookJson = null)
{
    private static readonly JsonSerializerOptions Wire = new(JsonSerializerDefaults.Web);
    private readonly ConcurrentDictionary<int, byte[]> _events = new();
    private BookLevels? _book;

    /// <summary>The events' <c>id:</c>: opaque, changes with the data.</summary>
    public string Id { get; } = id;

    public byte[] Json { get; } = json;

    /// <summary>The encoded event: <c>snapshot</c> or <c>update</c>, with the top <paramref name="levels"/> a side (0: none).</summary>
    public byte[] Event(bool snapshot, int levels) =>
        _events.GetOrAdd((snapshot ? 1 : 0) | (levels << 1), key => ServerSentEvent.Encode(
            (key & 1) == 1 ? "snapshot" : "update", Id, WithBook(key >> 1)));

    /// <summary>The view with <c>book: {bids, asks}</c> added, the top <paramref name="levels"/> of each side.</summary>
    private byte[] WithBook(int levels)
    {
        if (levels == 0 || bookJson is null || Json.Length < 3 || Json[^1] != (byte)'}')
        {
            return Json;
        }

        try
        {
            _book ??= JsonSerializer.Deserialize<BookLevels>(bookJson, Wire);
        }
        catch (JsonException)
        {
            // A stored book that cannot be read: the figures go without it, as the book's REST answer leaves it out.
            return Json;
        }

        if (_book is not { } book)
        {
            return Json;
        }

        var top = JsonSerializer.SerializeToUtf8Bytes(new StreamBook([.. book.Bids.Take(levels)], [.. book.Asks.Take(levels)]), Wire);
        var result = new byte[Json.Length + top.Length + 8];
        Json.AsSpan(0, Json.Length - 1).CopyTo(result);
        var at = Json.Length - 1;
        ",\"book\":"u8.CopyTo(result.AsSpan(at));
        at += 8;
        top.CopyTo(result.AsSpan(at));
        result[^1] = (byte)'}';
        return result;
    }
}
