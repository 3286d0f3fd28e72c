using System.Text.Json.Nodes;

namespace CryptApp.Testing.Sse;

/// <summary>One server-sent event as .NET's own <c>SseParser</c> read it, and when it arrived.</summary>
public sealed record ReceivedEvent(string Type, string? Id, string Data, DateTimeOffset ReceivedAt)
{
    public JsonNode Json => JsonNode.Parse(Data) ?? throw new InvalidOperationException($"'{Type}' event with no JSON: {Data}");

    public override string ToString() => $"{Type} #{Id}: {(Data.Length > 300 ? Data[..300] + "…" : Data)}";
}
