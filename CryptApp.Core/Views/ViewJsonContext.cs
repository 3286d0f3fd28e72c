using System.Text.Json;
using System.Text.Json.Serialization;
using CryptApp.Contracts.Markets;

namespace CryptApp.Core.Views;

/// <summary>
/// The Api's wire format (web defaults: camelCase, enums as strings), used by the Worker to store each
/// view's JSON as it writes the data, so the Api copies bytes instead of serializing on every miss.
/// </summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MarketView))]
[JsonSerializable(typeof(Dictionary<string, CompatMarketSummary>))]
[JsonSerializable(typeof(CompatBids))]
[JsonSerializable(typeof(CompatAsks))]
public sealed partial class ViewJsonContext : JsonSerializerContext;
