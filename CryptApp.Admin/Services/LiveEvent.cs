using System.Text.Json;

namespace CryptApp.Admin.Services;

/// <summary>One event of an Api stream as the Admin received it: <c>snapshot</c>, <c>update</c> or <c>status</c>, and its JSON.</summary>
public sealed record LiveEvent(string Type, string Data, DateTimeOffset ReceivedAt)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter() },
    };

    public bool IsView => Type is "snapshot" or "update";

    public T Read<T>() => JsonSerializer.Deserialize<T>(Data, Json) ?? throw new JsonException($"An empty '{Type}' event");

    /// <summary>A status event the Admin makes itself when it cannot reach the stream.</summary>
    public static LiveEvent Unreachable(string reason) =>
        new("status", JsonSerializer.Serialize(new { state = "unavailable", reason, at = DateTimeOffset.UtcNow }, Json), DateTimeOffset.UtcNow);
}
