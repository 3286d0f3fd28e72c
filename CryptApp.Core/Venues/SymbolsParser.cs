using System.Text.Json;

namespace CryptApp.Core.Venues;

/// <summary>Reads <c>/symbols</c>: a JSON object keyed by symbol, each value carrying at least <c>status</c>.</summary>
public static class SymbolsParser
{
    public static async Task<IReadOnlyList<BlockchainSymbol>> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new VenueDataException($"symbols body is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new VenueDataException("symbols body is not a JSON object keyed by symbol");
            }

            var symbols = new List<BlockchainSymbol>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object || string.IsNullOrWhiteSpace(property.Name))
                {
                    continue;
                }

                symbols.Add(new BlockchainSymbol(
                    property.Name,
                    ReadString(property.Value, "status") ?? "unknown",
                    ReadString(property.Value, "base_currency"),
                    ReadString(property.Value, "counter_currency")));
            }

            return symbols;
        }
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
