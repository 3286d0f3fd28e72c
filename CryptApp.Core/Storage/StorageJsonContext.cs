using System.Text.Json;
using System.Text.Json.Serialization;
using CryptApp.Contracts.Jobs;
using CryptApp.Contracts.Markets;
using CryptApp.Contracts.Venues;
using CryptApp.Core.Jobs;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Storage;

/// <summary>Source-generated serialization for what is stored in Redis (the hot path of every read).</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, UseStringEnumConverter = true)]
[JsonSerializable(typeof(MarketSnapshot))]
[JsonSerializable(typeof(MarketSummary))]
[JsonSerializable(typeof(BookLevels))]
[JsonSerializable(typeof(HistoryPoint))]
[JsonSerializable(typeof(RunCounts))]
[JsonSerializable(typeof(JobInfo))]
[JsonSerializable(typeof(VenueStatus))]
[JsonSerializable(typeof(VenueStreamStatus))]
[JsonSerializable(typeof(PartResult))]
[JsonSerializable(typeof(MarketChange))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;
