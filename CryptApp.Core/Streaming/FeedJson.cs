using System.Buffers.Text;
using System.Globalization;
using System.Text.Json;

namespace CryptApp.Core.Streaming;

/// <summary>
/// Reading a venue frame's tokens exactly: prices and sizes as decimals from the JSON text (string or number, the
/// venue's digits and scale kept, never through a double), integers from either form, and ISO times with up to nine
/// fractional digits. A token that is not what the field needs throws a <see cref="FormatException"/> naming the field.
/// </summary>
public static class FeedJson
{
    public static decimal Decimal(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetDecimal(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out decimal parsed, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            return parsed;
        }

        throw new FormatException($"{field}: expected a decimal, got {reader.TokenType}");
    }

    public static long Long(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var number))
        {
            return number;
        }

        if (reader.TokenType == JsonTokenType.String && !reader.ValueIsEscaped
            && Utf8Parser.TryParse(reader.ValueSpan, out long parsed, out var consumed) && consumed == reader.ValueSpan.Length)
        {
            return parsed;
        }

        throw new FormatException($"{field}: expected an integer, got {reader.TokenType}");
    }

    /// <summary>Milliseconds since the epoch, as a number or a string.</summary>
    public static DateTimeOffset UnixMilliseconds(ref Utf8JsonReader reader, string field) =>
        DateTimeOffset.FromUnixTimeMilliseconds(Long(ref reader, field));

    /// <summary>An ISO 8601 UTC time (<c>2023-02-09T20:32:50.714964855Z</c>); digits past the seventh are dropped.</summary>
    public static DateTimeOffset IsoTime(ref Utf8JsonReader reader, string field)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            throw new FormatException($"{field}: expected a time, got {reader.TokenType}");
        }

        Span<char> text = stackalloc char[40];
        var length = reader.CopyString(text);
        return ParseIso(text[..length], field);
    }

    internal static DateTimeOffset ParseIso(scoped ReadOnlySpan<char> text, string field)
    {
        Span<char> buffer = stackalloc char[48];
        var dot = text.IndexOf('.');
        if (dot > 0 && text.Length <= buffer.Length)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                // DateTimeOffset reads at most seven fractional digits (100 ns): keep those, then the zone.
                text[..(dot + 8)].CopyTo(buffer);
                text[end..].CopyTo(buffer[(dot + 8)..]);
                text = buffer[..(dot + 8 + text.Length - end)];
            }
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : throw new FormatException($"{field}: '{text}' is not an ISO time");
    }

    /// <summary>From a property name, moves past its value, whatever it is.</summary>
    public static void SkipValue(ref Utf8JsonReader reader)
    {
        Next(ref reader);
        Skip(ref reader);
    }

    /// <summary>Moves past the property's value, whatever it is.</summary>
    public static void Skip(ref Utf8JsonReader reader)
    {
        if (!reader.TrySkip())
        {
            throw new FormatException("frame ends inside a value");
        }
    }

    /// <summary>Reads to the next token, or throws on a frame cut short.</summary>
    public static void Next(ref Utf8JsonReader reader)
    {
        if (!reader.Read())
        {
            throw new FormatException("frame ends early");
        }
    }
}
