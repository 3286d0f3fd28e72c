using System.Text.Json;

namespace CryptApp.Core.Exchanges;

/// <summary>Reads <c>/symbols</c>: a JSON object keyed by symbol, each value carrying at least <c>status</c>.</summary>
public static class SymbolsParser
{
    public static async Task<IReadOnlyList<ExchangeSymbol>> ParseAsync(Stream body, CancellationToken cancellationToken)
    {
        JsonDocument document;
        try
        {
            document = await JsonDocument.ParseAsync(body, cancellationToken: cancellationToken);
        }
        catch (JsonException ex)
        {
            throw new ExchangeDataException($"symbols body is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw new ExchangeDataException("symbols body is not a JSON object keyed by symbol");
            }

            var symbols = new List<ExchangeSymbol>();
            foreach (var property in document.RootElement.EnumerateObject())
            {
                if (property.Value.ValueKind != JsonValueKind.Object || string.IsNullOrWhiteSpace(property.Name))
                {
                    continue;
                }

                symbols.Add(new ExchangeSymbol(
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
