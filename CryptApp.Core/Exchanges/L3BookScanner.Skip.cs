namespace CryptApp.Core.Exchanges;

/// <summary>Values of members we do not use: skipped, never decoded.</summary>
internal sealed partial class L3BookScanner<TNumbers>
{
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
        return ContinueSkip(data, i);
    }

    private int ContinueSkip(ReadOnlySpan<byte> data, int i)
    {
        if (Skip(ref _skip, data, ref i))
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
        return Skip(ref state, data, ref i) ? i : Incomplete;
    }

    /// <summary>Where a value we skip stands between buffers: nesting (one bit per level, 1 = array) and string state.</summary>
    private struct SkipState
    {
        public int Depth;
        public ulong Arrays;
        public bool InString;
    }

    /// <summary>
    /// Skips a string, object or array, resumably: true with <paramref name="i"/> after its end, or
    /// false with <paramref name="i"/> at the first byte it could not yet judge. Inside containers it
    /// checks brackets and strings, and that everything else is JSON's punctuation, digits or literals.
    /// </summary>
    private static bool Skip(ref SkipState state, ReadOnlySpan<byte> data, ref int i)
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
                    if (i + 1 >= data.Length)
                    {
                        return false;
                    }

                    i += 2;
                    continue;
                }

                Expect(data[i] == '"', "control character in a string");
                i++;
                state.InString = false;
                if (state.Depth == 0)
                {
                    return true;
                }

                continue;
            }

            switch (data[i++])
            {
                case (byte)'"':
                    state.InString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    Expect(state.Depth < MaxDepth, "JSON nested too deeply");
                    state.Arrays = (state.Arrays << 1) | (data[i - 1] == '[' ? 1UL : 0UL);
                    state.Depth++;
                    break;
                case (byte)'}' or (byte)']':
                    Expect(state.Depth > 0 && (state.Arrays & 1) == (data[i - 1] == ']' ? 1UL : 0UL), "mismatched brackets");
                    state.Arrays >>= 1;
                    if (--state.Depth == 0)
                    {
                        return true;
                    }

                    break;
                case (byte)',' or (byte)':' or (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)'-' or (byte)'+' or (byte)'.'
                    or >= (byte)'0' and <= (byte)'9' or (byte)'e' or (byte)'E' or (byte)'t' or (byte)'r' or (byte)'u' or (byte)'f'
                    or (byte)'a' or (byte)'l' or (byte)'s' or (byte)'n':
                    break;
                default:
                    throw Invalid("unexpected character");
            }
        }

        return false;
    }
}
