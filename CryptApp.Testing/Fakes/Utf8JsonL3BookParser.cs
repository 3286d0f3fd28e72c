using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CryptApp.Core.Markets;
using CryptApp.Core.Venues;

namespace CryptApp.Testing.Fakes;

/// <summary>
/// The L3 parser CryptApp used before its byte scanner, on <see cref="Utf8JsonReader"/>: kept as the
/// independent reference the scanner is compared with (differential tests) and as the benchmarks' baseline.
/// </summary>
public static class Utf8JsonL3BookParser
{
    private const int InitialBufferSize = 16 * 1024;

    public static async Task<OrderBook> ParseAsync(Stream body, string symbol, long maxBytes, CancellationToken cancellationToken)
    {
        var state = new ParseState(new OrderBook(symbol));
        var buffer = ArrayPool<byte>.Shared.Rent(InitialBufferSize);
        try
        {
            var length = 0;
            long total = 0;
            var final = false;
            while (!final)
            {
                if (length == buffer.Length)
                {
                    // A single token larger than the buffer: grow it rather than fail.
                    var larger = ArrayPool<byte>.Shared.Rent(buffer.Length * 2);
                    buffer.AsSpan(0, length).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                final = read == 0;
                total += read;
                if (total > maxBytes)
                {
                    throw new VenueDataException($"order book body exceeds the {maxBytes} byte limit");
                }

                length += read;
                var consumed = state.Consume(buffer.AsSpan(0, length), final);
                buffer.AsSpan(consumed, length - consumed).CopyTo(buffer);
                length -= consumed;
            }

            if (!state.Completed)
            {
                throw new VenueDataException("order book body ended before the JSON document did");
            }

            return state.Book;
        }
        catch (JsonException ex)
        {
            throw new VenueDataException($"order book body is not valid JSON: {ex.Message}", ex);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private enum Field
    {
        None,
        Px,
        Qty,
        Num,
        Other,
    }

    /// <summary>Parser position kept between buffer refills (a ref struct reader cannot live across awaits).</summary>
    private sealed class ParseState(OrderBook book)
    {
        private JsonReaderState _reader;
        private List<BookEntry>? _side;
        private bool _inEntry;
        private bool _expectSideArray;
        private bool _expectSymbol;
        private Field _field;
        private int _skipDepth = -1;
        private double _px = double.NaN;
        private double _qty = double.NaN;
        private long _num;
        private bool _hasPx;
        private bool _hasQty;
        private bool _started;

        public OrderBook Book { get; } = book;

        public bool Completed { get; private set; }

        public int Consume(ReadOnlySpan<byte> data, bool isFinalBlock)
        {
            var reader = new Utf8JsonReader(data, isFinalBlock, _reader);
            while (reader.Read())
            {
                Handle(ref reader);
            }

            _reader = reader.CurrentState;
            return (int)reader.BytesConsumed;
        }

        private void Handle(ref Utf8JsonReader reader)
        {
            if (_skipDepth >= 0)
            {
                // Inside a value we do not use: wait until its closing token.
                if (reader.CurrentDepth == _skipDepth
                    && reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray)
                {
                    _skipDepth = -1;
                }

                return;
            }

            if (!_started)
            {
                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    throw new VenueDataException("order book body is not a JSON object");
                }

                _started = true;
                return;
            }

            switch (reader.CurrentDepth)
            {
                case 0 when reader.TokenType == JsonTokenType.EndObject:
                    Completed = true;
                    return;
                case 1:
                    HandleRootMember(ref reader);
                    return;
                case 2:
                    HandleSideItem(ref reader);
                    return;
                case 3:
                    HandleEntryMember(ref reader);
                    return;
                default:
                    SkipIfContainer(ref reader);
                    return;
            }
        }

        private void HandleRootMember(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                _side = reader.ValueTextEquals("bids"u8) ? Book.Bids
                    : reader.ValueTextEquals("asks"u8) ? Book.Asks
                    : null;
                _expectSideArray = _side is not null;
                _expectSymbol = reader.ValueTextEquals("symbol"u8);
                return;
            }

            if (_expectSideArray)
            {
                _expectSideArray = false;
                if (reader.TokenType == JsonTokenType.Null)
                {
                    _side = null;
                    return;
                }

                if (reader.TokenType != JsonTokenType.StartArray)
                {
                    throw new VenueDataException("bids and asks must be arrays");
                }

                return;
            }

            if (reader.TokenType == JsonTokenType.EndArray)
            {
                _side = null;
                return;
            }

            if (_expectSymbol && reader.TokenType == JsonTokenType.String)
            {
                // The body's spelling is not the book's key, as in the scanner.
                _expectSymbol = false;
                return;
            }

            SkipIfContainer(ref reader);
        }

        private void HandleSideItem(ref Utf8JsonReader reader)
        {
            if (_side is null)
            {
                SkipIfContainer(ref reader);
                return;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                _inEntry = true;
                _px = _qty = double.NaN;
                _num = 0;
                _hasPx = _hasQty = false;
                return;
            }

            if (reader.TokenType == JsonTokenType.EndObject && _inEntry)
            {
                _inEntry = false;
                AddEntry();
                return;
            }

            throw new VenueDataException("bids and asks must hold objects");
        }

        private void HandleEntryMember(ref Utf8JsonReader reader)
        {
            if (reader.TokenType == JsonTokenType.PropertyName)
            {
                _field = reader.ValueTextEquals("px"u8) ? Field.Px
                    : reader.ValueTextEquals("qty"u8) ? Field.Qty
                    : reader.ValueTextEquals("num"u8) ? Field.Num
                    : Field.Other;
                return;
            }

            switch (_field)
            {
                case Field.Px:
                    _hasPx = reader.TokenType != JsonTokenType.Null;
                    _px = ReadNumber(ref reader);
                    break;
                case Field.Qty:
                    _hasQty = reader.TokenType != JsonTokenType.Null;
                    _qty = ReadNumber(ref reader);
                    break;
                case Field.Num:
                    _num = ReadOrderId(ref reader);
                    break;
                default:
                    SkipIfContainer(ref reader);
                    break;
            }

            _field = Field.None;
        }

        private void AddEntry()
        {
            if (!_hasPx)
            {
                Book.Reject(RejectionReason.MissingPrice);
            }
            else if (!_hasQty)
            {
                Book.Reject(RejectionReason.MissingQuantity);
            }
            else if (!double.IsFinite(_px) || _px <= 0)
            {
                Book.Reject(RejectionReason.InvalidPrice);
            }
            else if (!double.IsFinite(_qty) || _qty <= 0)
            {
                Book.Reject(RejectionReason.InvalidQuantity);
            }
            else
            {
                _side!.Add(new BookEntry(_px, _qty, _num));
            }
        }

        private void SkipIfContainer(ref Utf8JsonReader reader)
        {
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                _skipDepth = reader.CurrentDepth;
            }
        }

        private static double ReadNumber(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetDouble(out var value) => value,
            JsonTokenType.String when TryParseString(ref reader, out var value) => value,
            JsonTokenType.StartObject or JsonTokenType.StartArray => throw new VenueDataException("px and qty must be numbers"),
            _ => double.NaN,
        };

        /// <summary>Numeric strings parse straight from the UTF-8 bytes; only escaped ones need a string.</summary>
        private static bool TryParseString(ref Utf8JsonReader reader, out double value) =>
            reader.ValueIsEscaped || reader.HasValueSequence
                ? double.TryParse(reader.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value)
                : double.TryParse(reader.ValueSpan, NumberStyles.Float, CultureInfo.InvariantCulture, out value);

        private static long ReadOrderId(ref Utf8JsonReader reader) => reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var value) => value,
            JsonTokenType.String when long.TryParse(reader.GetString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) => value,
            JsonTokenType.StartObject or JsonTokenType.StartArray => throw new VenueDataException("num must be an integer"),
            _ => 0,
        };
    }
}
