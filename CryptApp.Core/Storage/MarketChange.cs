using System.Text.Json;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// What the Worker announces on a market's channel (<see cref="RedisKeys.MarketChanges"/>) after it writes it: new data
/// (<see cref="Written"/>, with the views' version), a live book that stopped being live (<see cref="StateChanged"/>,
/// with its state and why), or the market closed (<see cref="Closed"/>). The Api's streams read the views on each one,
/// once per process, and push them to their clients.
/// </summary>
/// <param name="Kind"><see cref="Written"/>, <see cref="StateChanged"/> or <see cref="Closed"/>.</param>
/// <param name="Version">The views' version after a write.</param>
/// <param name="State">A live book's state after a state change (<c>resyncing</c>, <c>syncing</c>, ...).</param>
/// <param name="Reason">Why the book left the live state, when the feed said.</param>
/// <param name="At">When the Worker announced it.</param>
public sealed record MarketChange(string Kind, string? Version, string? State, string? Reason, DateTimeOffset At)
{
    public const string Written = "written";
    public const string StateChanged = "state";
    public const string Closed = "closed";

    public byte[] ToJson() => JsonSerializer.SerializeToUtf8Bytes(this, StorageJsonContext.Default.MarketChange);

    /// <summary>The announcement, or null when the message is not one (it is then ignored).</summary>
    public static MarketChange? Parse(RedisValue message)
    {
        try
        {
            return message.IsNullOrEmpty ? null : JsonSerializer.Deserialize((byte[])message!, StorageJsonContext.Default.MarketChange);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
