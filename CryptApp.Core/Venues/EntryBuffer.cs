using System.Buffers;
using System.Runtime.InteropServices;
using CryptApp.Core.Markets;

namespace CryptApp.Core.Venues;

/// <summary>
/// Entries of one side while the body is read, in pooled fixed-size chunks: a book allocates only its
/// final list, at the exact size, instead of every array a growing list leaves behind; and growing
/// never copies what was already read.
/// </summary>
internal sealed class EntryBuffer : IDisposable
{
    private const int ChunkSize = 4096;

    private readonly List<BookEntry[]> _chunks = [];
    private BookEntry[] _current = [];
    private int _used;

    public void Add(in BookEntry entry)
    {
        if (_current.Length == 0 || _used == ChunkSize)
        {
            _current = ArrayPool<BookEntry>.Shared.Rent(ChunkSize);
            _chunks.Add(_current);
            _used = 0;
        }

        _current[_used++] = entry;
    }

    /// <summary>Appends the entries to <paramref name="side"/>, growing it once to the size it needs.</summary>
    public void MoveTo(List<BookEntry> side)
    {
        var start = side.Count;
        var count = _chunks.Count == 0 ? 0 : (_chunks.Count - 1) * ChunkSize + _used;
        side.EnsureCapacity(start + count);
        CollectionsMarshal.SetCount(side, start + count);
        var target = CollectionsMarshal.AsSpan(side)[start..];
        foreach (var chunk in _chunks)
        {
            var length = Math.Min(ChunkSize, target.Length);
            chunk.AsSpan(0, length).CopyTo(target);
            target = target[length..];
        }

        Dispose();
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            ArrayPool<BookEntry>.Shared.Return(chunk);
        }

        _chunks.Clear();
        _current = [];
        _used = 0;
    }
}
