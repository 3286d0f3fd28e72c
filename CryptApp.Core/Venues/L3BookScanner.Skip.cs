using System.Buffers;

namespace CryptApp.Core.Venues;

/// <summary>Values of members we do not use: skipped, never decoded.</summary>
internal sealed partial class L3BookScanner<TNumbers>
{
    private static readonly SearchValues<byte> HexDigits = SearchValues.Create("0123456789abcdefABCDEF"u8);

    private int StartSkip(ReadOnlySpan<byte> data, int i, bool final)
    {
        if (data[i] is not ((byte)'{' or (byte)'[' or (byte)'"'))
        {
            var end = Scalar(data, i, final);
            if (end != Incomplete)
            {
                _state = State.CommaOrEnd;
            }

            return end;
        }

        _skip = default;
        _state = State.Skipping;
        return ContinueSkip(data, i, final);
    }

    private int ContinueSkip(ReadOnlySpan<byte> data, int i, bool final)
    {
        if (Skip(ref _skip, data, ref i, final))
        {
            _state = State.CommaOrEnd;
        }

        return i;
    }

    private static int SkipInEntry(ReadOnlySpan<byte> data, int i, bool final)
    {
        if (data[i] is not ((byte)'{' or (byte)'[' or (byte)'"'))
        {
            return Scalar(data, i, final);
        }

        var state = default(SkipState);
        return Skip(ref state, data, ref i, final) ? i : Incomplete;
    }

    /// <summary>What the grammar allows next inside a value being skipped.</summary>
    private enum SkipNext : byte
    {
        Value,
        ValueOrEnd,
        NameOrEnd,
        Name,
        Colon,
        CommaOrEnd,
    }

    /// <summary>
    /// Where a value we skip stands between buffers: nesting (one bit per level, 1 = array), what may
    /// come next, and whether it is inside a string (a member name or a value).
    /// </summary>
    private struct SkipState
    {
        public int Depth;
        public ulong Arrays;
        public SkipNext Next;
        public bool InString;
        public bool InName;
    }

    /// <summary>
    /// Skips a string, object or array, resumably and validating it as JSON: true with
    /// <paramref name="i"/> after its end, or false with <paramref name="i"/> at the first byte it could
    /// not yet judge (a number or literal cut by the end of the buffer is left whole for the next one).
    /// </summary>
    private static bool Skip(ref SkipState state, ReadOnlySpan<byte> data, ref int i, bool final)
    {
        while (i < data.Length)
        {
            if (state.InString)
            {
                var stop = data[i..].IndexOfAny(StringStops);
                if (stop < 0)
                {
                    i = data.Length;
                    return false;
                }

                i += stop;
                if (data[i] == '\\')
                {
                    var escape = Escape(data, i);
                    if (escape == Incomplete)
                    {
                        return false;
                    }

                    i += escape;
                    continue;
                }

                Expect(data[i] == '"', "control character in a string");
                i++;
                state.InString = false;
                if (state.Depth == 0)
                {
                    return true;
                }

                state.Next = state.InName ? SkipNext.Colon : SkipNext.CommaOrEnd;
                continue;
            }

            var b = data[i];
            if (b is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
            {
                i++;
                continue;
            }

            switch (state.Next)
            {
                case SkipNext.ValueOrEnd when b == ']':
                case SkipNext.NameOrEnd when b == '}':
                case SkipNext.CommaOrEnd when b is (byte)']' or (byte)'}':
                    Expect((state.Arrays & 1) == (b == ']' ? 1UL : 0UL), "mismatched brackets");
                    i++;
                    state.Arrays >>= 1;
                    state.Next = SkipNext.CommaOrEnd;
                    if (--state.Depth == 0)
                    {
                        return true;
                    }

                    break;
                case SkipNext.CommaOrEnd:
                    Expect(b == ',', "expected ',' or a closing bracket");
                    i++;
                    state.Next = (state.Arrays & 1) == 1 ? SkipNext.Value : SkipNext.Name;
                    break;
                case SkipNext.Colon:
                    Expect(b == ':', "expected ':' after a member name");
                    i++;
                    state.Next = SkipNext.Value;
                    break;
                case SkipNext.Name or SkipNext.NameOrEnd:
                    Expect(b == '"', "expected a member name");
                    i++;
                    state.InString = state.InName = true;
                    break;
                case SkipNext.Value or SkipNext.ValueOrEnd when b is (byte)'{' or (byte)'[':
                    Expect(state.Depth < MaxDepth, "JSON nested too deeply");
                    i++;
                    state.Arrays = (state.Arrays << 1) | (b == '[' ? 1UL : 0UL);
                    state.Depth++;
                    state.Next = b == '[' ? SkipNext.ValueOrEnd : SkipNext.NameOrEnd;
                    break;
                case SkipNext.Value or SkipNext.ValueOrEnd when b == '"':
                    i++;
                    state.InString = true;
                    state.InName = false;
                    break;
                default:
                    var end = Scalar(data, i, final);
                    if (end == Incomplete)
                    {
                        return false;
                    }

                    i = end;
                    state.Next = SkipNext.CommaOrEnd;
                    break;
            }
        }

        return false;
    }

    /// <summary>The length of the escape sequence at <paramref name="i"/>, checked as JSON defines it, or <see cref="Incomplete"/>.</summary>
    private static int Escape(ReadOnlySpan<byte> data, int i)
    {
        if (i + 1 >= data.Length)
        {
            return Incomplete;
        }

        if (data[i + 1] != 'u')
        {
            Expect(data[i + 1] is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t', "invalid escape in a string");
            return 2;
        }

        if (i + 6 > data.Length)
        {
            return Incomplete;
        }

        Expect(!data.Slice(i + 2, 4).ContainsAnyExcept(HexDigits), "invalid \\u escape in a string");
        return 6;
    }
}
