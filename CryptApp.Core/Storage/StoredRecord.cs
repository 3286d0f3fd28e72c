using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace CryptApp.Core.Storage;

/// <summary>
/// A record read back from Redis. One that cannot be decoded (garbage written by hand, a half-copied value) is left
/// out and logged, so one bad record never fails a whole list.
/// </summary>
internal static partial class StoredRecord
{
    /// <summary>The decoded record; null when there is none, or when it cannot be decoded (logged with where it lives).</summary>
    public static T? Decode<T>(RedisValue value, JsonTypeInfo<T> type, ILogger logger, string key, RedisValue field = default) where T : class
    {
        if (value.IsNullOrEmpty)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize((byte[])value!, type) ?? throw new JsonException("the record is JSON null");
        }
        catch (JsonException ex)
        {
            LogUnreadable(logger, field.IsNull ? key : $"{key} {field}", ex.Message);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Left out {Record}: it cannot be read ({Reason})")]
    public static partial void LogUnreadable(ILogger logger, string record, string reason);
}
