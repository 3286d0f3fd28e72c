using System.Buffers;
using System.Globalization;
using System.Text.Json;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Venues;

/// <summary>
/// A byte-level scanner of an L3 body, fed buffer after buffer. It reads one whole entry at a time:
/// an entry cut by the end of a buffer is left unconsumed and read again from its start once the
/// next buffer arrives, so no token state has to survive between buffers. Values of members we do
/// not use are skipped with a resumable state, so a huge one never has to fit in the buffer.
/// </summary>
internal sealed partial class L3BookScanner<TNumbers>(OrderBook book) : IDisposable
    where TNumbers : IDoubleParser
{
    private const int Incomplete = -1;
    private const int MaxDepth = 64;

    /// <summary>Bytes that end a run of plain string content: quote, backslash, control characters.</summary>
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [(byte)'"', (byte)'\\', .. Enumerable.Range(0, 0x20).Select(b => (byte)b)]);

    private State _state = State.Start;
    private readonly EntryBuffer _bids = new();
    private readonly EntryBuffer _asks = new();
    private EntryBuffer? _side;
    private SkipState _skip;

    /// <summary>The book read, once the whole document has been.</summary>
    public OrderBook Finish()
    {
        if (_state != State.Done)
        {
            throw new VenueDataException("order book body ended before the JSON document did");
        }

        _bids.MoveTo(book.Bids);
        _asks.MoveTo(book.Asks);
        return book;
    }

    public void Dispose()
    {
        _bids.Dispose();
        _asks.Dispose();
    }

    private enum State
    {
        Start,
        FirstKeyOrEnd,
        Key,
        SideValue,
        SymbolValue,
        SkipValue,
        Skipping,
        FirstEntryOrEnd,
        Entry,
        EntryCommaOrEnd,
        CommaOrEnd,
        Done,
    }

    private enum Field
    {
        Px,
        Qty,
        Num,
        Other,
    }

    /// <summary>Reads as far as whole units allow; returns how many bytes it consumed.</summary>
    public int Consume(ReadOnlySpan<byte> data, bool isFinalBlock)
    {
        var consumed = 0;
        while (true)
        {
            // Whitespace between units is always safe to consume.
            consumed = SkipWhitespace(data, consumed);
            if (consumed == data.Length)
            {
                return consumed;
            }

            var next = Step(data, consumed, isFinalBlock);
            if (next == Incomplete || next == consumed)
            {
                return consumed;
            }

            consumed = next;
        }
    }

    /// <summary>Reads one unit at <paramref name="i"/>: its end, or <see cref="Incomplete"/> when it needs more bytes.</summary>
    private int Step(ReadOnlySpan<byte> data, int i, bool final)
    {
        switch (_state)
        {
            case State.Start:
                Expect(data[i] == '{', "order book body is not a JSON object");
                _state = State.FirstKeyOrEnd;
                return i + 1;
            case State.FirstKeyOrEnd when data[i] == '}':
                _state = State.Done;
                return i + 1;
            case State.FirstKeyOrEnd:
            case State.Key:
                return RootKey(data, i, final);
            case State.SideValue:
                return SideValue(data, i, final);
            case State.SymbolValue when data[i] == '"':
                return Symbol(data, i, final);
            case State.SymbolValue:
            case State.SkipValue:
                return StartSkip(data, i, final);
            case State.Skipping:
                return ContinueSkip(data, i, final);
            case State.FirstEntryOrEnd when data[i] == ']':
                _state = State.CommaOrEnd;
                return i + 1;
            case State.FirstEntryOrEnd:
            case State.Entry:
                Expect(data[i] == '{', "bids and asks must hold objects");
                var end = CompactEntries(data, i);
                if (end == i)
                {
                    end = Entry(data, i, final);
                }

                if (end != Incomplete)
                {
                    _state = State.EntryCommaOrEnd;
                }

                return end;
            case State.EntryCommaOrEnd:
                Expect(data[i] is (byte)',' or (byte)']', "expected ',' or ']' after an entry");
                _state = data[i] == ',' ? State.Entry : State.CommaOrEnd;
                return i + 1;
            case State.CommaOrEnd:
                Expect(data[i] is (byte)',' or (byte)'}', "expected ',' or '}' after a member");
                _state = data[i] == ',' ? State.Key : State.Done;
                return i + 1;
            default:
                throw Invalid("unexpected content after the JSON document");
        }
    }

    private int RootKey(ReadOnlySpan<byte> data, int i, bool final)
    {
        var afterKey = MemberName(data, i, final, out var name);
        if (afterKey == Incomplete)
        {
            return Incomplete;
        }

        _side = name.SequenceEqual("bids"u8) ? _bids : name.SequenceEqual("asks"u8) ? _asks : null;
        _state = _side is not null ? State.SideValue : name.SequenceEqual("symbol"u8) ? State.SymbolValue : State.SkipValue;
        return afterKey;
    }

    private int SideValue(ReadOnlySpan<byte> data, int i, bool final)
    {
        if (data[i] == '[')
        {
            _state = State.FirstEntryOrEnd;
            return i + 1;
        }

        Expect(data[i] == 'n', "bids and asks must be arrays");
        var end = Literal(data, i, final);
        if (end != Incomplete)
        {
            _state = State.CommaOrEnd;
        }

        return end;
    }

    private int Symbol(ReadOnlySpan<byte> data, int i, bool final)
    {
        var end = StringEnd(data, i, final, out var escaped);
        if (end == Incomplete)
        {
            return Incomplete;
        }

        // Decoded to judge its escapes as a JSON reader does; the body's own spelling is not the book's key, which is
        // the market id the book was made under.
        _ = Decode(data[i..end], escaped);
        _state = State.CommaOrEnd;
        return end;
    }

    /// <summary>One entry, from its '{' to its '}', validated and added to the side or rejected with a reason.</summary>
    private int Entry(ReadOnlySpan<byte> data, int i, bool final)
    {
        double px = double.NaN, qty = double.NaN;
        long num = 0;
        bool hasPx = false, hasQty = false;
        var p = SkipWhitespace(data, i + 1);
        if (p < data.Length && data[p] == '}')
        {
            return AddEntry(p + 1, hasPx, hasQty, px, qty, num);
        }

        while (p < data.Length)
        {
            p = MemberName(data, p, final, out var name);
            if (p == Incomplete || (p = SkipWhitespace(data, p)) >= data.Length)
            {
                return Incomplete;
            }

            p = Classify(name) switch
            {
                Field.Px => PriceOrQuantity(data, p, final, out hasPx, out px),
                Field.Qty => PriceOrQuantity(data, p, final, out hasQty, out qty),
                Field.Num => OrderId(data, p, final, out num),
                _ => SkipInEntry(data, p, final),
            };
            if (p == Incomplete || (p = SkipWhitespace(data, p)) >= data.Length)
            {
                return Incomplete;
            }

            if (data[p] == '}')
            {
                return AddEntry(p + 1, hasPx, hasQty, px, qty, num);
            }

            Expect(data[p] == ',', "expected ',' or '}' in an entry");
            p = SkipWhitespace(data, p + 1);
        }

        return Incomplete;
    }

    private static Field Classify(ReadOnlySpan<byte> name) => name switch
    {
        [(byte)'p', (byte)'x'] => Field.Px,
        [(byte)'q', (byte)'t', (byte)'y'] => Field.Qty,
        [(byte)'n', (byte)'u', (byte)'m'] => Field.Num,
        _ => Field.Other,
    };

    private int AddEntry(int end, bool hasPx, bool hasQty, double px, double qty, long num)
    {
        if (!hasPx)
        {
            book.Reject(RejectionReason.MissingPrice);
        }
        else if (!hasQty)
        {
            book.Reject(RejectionReason.MissingQuantity);
        }
        else if (!double.IsFinite(px) || px <= 0)
        {
            book.Reject(RejectionReason.InvalidPrice);
        }
        else if (!double.IsFinite(qty) || qty <= 0)
        {
            book.Reject(RejectionReason.InvalidQuantity);
        }
        else
        {
            _side!.Add(new BookEntry(px, qty, num));
        }

        return end;
    }

    /// <summary>A JSON number, a numeric string, or null (missing); anything else is not a number.</summary>
    private static int PriceOrQuantity(ReadOnlySpan<byte> data, int i, bool final, out bool present, out double value)
    {
        present = true;
        value = double.NaN;
        switch (data[i])
        {
            case (byte)'"':
                var end = StringEnd(data, i, final, out var escaped);
                if (end != Incomplete)
                {
                    value = NumericString(data[(i + 1)..(end - 1)], escaped ? data[i..end] : default);
                }

                return end;
            case (byte)'{' or (byte)'[':
                throw new VenueDataException("px and qty must be numbers");
            case (byte)'n':
                present = false;
                return Literal(data, i, final);
            case (byte)'t' or (byte)'f':
                return Literal(data, i, final);
            default:
                var numberEnd = Number(data, i, final);
                if (numberEnd != Incomplete && !TNumbers.TryParse(data[i..numberEnd], out value))
                {
                    value = double.NaN;
                }

                return numberEnd;
        }
    }

    private static double NumericString(ReadOnlySpan<byte> content, ReadOnlySpan<byte> escapedToken)
    {
        if (!escapedToken.IsEmpty)
        {
            return double.TryParse(Decode(escapedToken, escaped: true), NumberStyles.Float, CultureInfo.InvariantCulture, out var decoded)
                ? decoded
                : double.NaN;
        }

        return TNumbers.TryParse(content.Trim(" \t\r\n"u8), out var value) ? value : double.NaN;
    }

    /// <summary>An int64 order id as a number or a numeric string; anything else that is not a container counts as 0.</summary>
    private static int OrderId(ReadOnlySpan<byte> data, int i, bool final, out long value)
    {
        value = 0;
        int end;
        switch (data[i])
        {
            case (byte)'{' or (byte)'[':
                throw new VenueDataException("num must be an integer");
            case (byte)'"':
                end = StringEnd(data, i, final, out var escaped);
                if (end != Incomplete)
                {
                    var text = escaped ? System.Text.Encoding.UTF8.GetBytes(Decode(data[i..end], escaped)) : data[(i + 1)..(end - 1)];
                    value = long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
                }

                return end;
            case (byte)'n' or (byte)'t' or (byte)'f':
                return Literal(data, i, final);
            default:
                end = Number(data, i, final);
                if (end != Incomplete)
                {
                    value = Int64(data[i..end]);
                }

                return end;
        }
    }

    /// <summary>An int64 from a JSON number's text, 0 when it is not one (a fraction, an exponent, out of range).</summary>
    private static long Int64(ReadOnlySpan<byte> number)
    {
        // Up to 19 digits fit a ulong without overflow; only the sign and the int64 range remain to check.
        if (number.Length is > 0 and <= 19 && number[0] != '-')
        {
            ulong value = 0;
            foreach (var digit in number)
            {
                if ((uint)(digit - '0') > 9)
                {
                    return 0;
                }

                value = value * 10 + (uint)(digit - '0');
            }

            return value <= long.MaxValue ? (long)value : 0;
        }

        return long.TryParse(number, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var parsed) ? parsed : 0;
    }

    /// <summary>A member name and its ':'; returns the index after the colon.</summary>
    private static int MemberName(ReadOnlySpan<byte> data, int i, bool final, out ReadOnlySpan<byte> name)
    {
        name = default;
        Expect(data[i] == '"', "expected a member name");
        var end = StringEnd(data, i, final, out var escaped);
        if (end == Incomplete)
        {
            return Incomplete;
        }

        name = escaped ? System.Text.Encoding.UTF8.GetBytes(Decode(data[i..end], escaped)) : data[(i + 1)..(end - 1)];
        var colon = SkipWhitespace(data, end);
        if (colon >= data.Length)
        {
            return Incomplete;
        }

        Expect(data[colon] == ':', "expected ':' after a member name");
        return colon + 1;
    }

    /// <summary>The index after the closing quote of the string opening at <paramref name="i"/>.</summary>
    private static int StringEnd(ReadOnlySpan<byte> data, int i, bool final, out bool escaped)
    {
        // Names and numeric strings are short: a plain loop beats a vectorised search's set-up.
        escaped = false;
        for (var p = i + 1; p < data.Length; p++)
        {
            switch (data[p])
            {
                case (byte)'"':
                    return p + 1;
                case (byte)'\\':
                    escaped = true;
                    p++;
                    break;
                case < 0x20:
                    throw Invalid("control character in a string");
            }
        }

        return Truncated(final);
    }

    /// <summary>
    /// A JSON number per RFC 8259's grammar; returns the index after it. A number is never the last
    /// thing of a document, so one that touches the end of the data may go on in the next buffer.
    /// </summary>
    private static int Number(ReadOnlySpan<byte> data, int i, bool final)
    {
        var p = i;
        if (data[p] == '-')
        {
            p++;
        }

        var integerStart = p;
        p = JsonNumber.Digits(data, p);
        if (p == data.Length)
        {
            return Truncated(final);
        }

        Expect(p > integerStart && (data[integerStart] != '0' || p == integerStart + 1), "invalid number");
        if (data[p] == '.')
        {
            var fractionStart = ++p;
            p = JsonNumber.Digits(data, p);
            if (p == data.Length)
            {
                return Truncated(final);
            }

            Expect(p > fractionStart, "invalid number");
        }

        if ((data[p] | 0x20) == 'e')
        {
            p++;
            if (p < data.Length && data[p] is (byte)'+' or (byte)'-')
            {
                p++;
            }

            var exponentStart = p;
            p = JsonNumber.Digits(data, p);
            if (p == data.Length)
            {
                return Truncated(final);
            }

            Expect(p > exponentStart, "invalid number");
        }

        return p;
    }

    /// <summary>A number or one of <c>true</c>, <c>false</c>, <c>null</c>.</summary>
    private static int Scalar(ReadOnlySpan<byte> data, int i, bool final) =>
        data[i] is (byte)'t' or (byte)'f' or (byte)'n' ? Literal(data, i, final) : Number(data, i, final);

    private static int Literal(ReadOnlySpan<byte> data, int i, bool final)
    {
        var literal = data[i] switch
        {
            (byte)'t' => "true"u8,
            (byte)'f' => "false"u8,
            (byte)'n' => "null"u8,
            _ => throw Invalid("unexpected character"),
        };
        var available = data[i..];
        if (available.Length < literal.Length)
        {
            Expect(literal.StartsWith(available), "invalid literal");
            return Truncated(final);
        }

        Expect(available.StartsWith(literal), "invalid literal");
        return i + literal.Length;
    }

    private static string Decode(ReadOnlySpan<byte> quoted, bool escaped)
    {
        if (!escaped)
        {
            return System.Text.Encoding.UTF8.GetString(quoted[1..^1]);
        }

        var reader = new Utf8JsonReader(quoted);
        reader.Read();
        return reader.GetString()!;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> data, int i)
    {
        while (i < data.Length && data[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i++;
        }

        return i;
    }

    private static int Truncated(bool final) =>
        final ? throw new VenueDataException("order book body ended before the JSON document did") : Incomplete;

    private static void Expect(bool condition, string what)
    {
        if (!condition)
        {
            throw Invalid(what);
        }
    }

    private static VenueDataException Invalid(string what) => new($"order book body is not valid JSON: {what}");
}
