using System.Buffers.Binary;

namespace Spar.Dataset.Hub;

/// <summary>
/// The UTF-8 values of one row group's string column chunk, undecoded: each value is a slice of one arena that is
/// reused from row group to row group (so memory stays at one chunk's size, whatever the file's).
/// </summary>
public sealed class Utf8Values
{
    byte[] _arena = new byte[1 << 16];
    int[] _start = new int[1024], _length = new int[1024];

    public int Count { get; private set; }

    public int ArenaLength { get; private set; }

    public ReadOnlySpan<byte> this[int index]
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        get => _arena.AsSpan(_start[index], _length[index]);
    }

    /// <summary>Value <paramref name="index"/> of an INT64 chunk (<see cref="Utf8ChunkReader.TryRead"/>): its 8 little-endian bytes.</summary>
    public long Int64At(int index) => BinaryPrimitives.ReadInt64LittleEndian(_arena.AsSpan(_start[index], 8));

    /// <summary>Appends an integer as its 8 little-endian bytes (the fallback reader's output), as <see cref="Int64At"/> reads it.</summary>
    internal void AddInt64(long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(Reserve(8), value);
        Add(ArenaLength, 8);
        Commit(8);
    }

    /// <summary>Where value <paramref name="index"/> lies in the arena: the same for every row of one dictionary entry.</summary>
    public long PlaceOf(int index) => (long)_start[index] << 32 | (uint)_length[index];

    internal void Clear()
    {
        Count = 0;
        ArenaLength = 0;
    }

    internal byte[] Arena => _arena;

    /// <summary>Room for <paramref name="extra"/> more arena bytes, returned as the span to fill (not yet counted).</summary>
    internal Span<byte> Reserve(int extra)
    {
        if (ArenaLength + extra > _arena.Length)
        {
            var bigger = new byte[Math.Max(_arena.Length * 2, ArenaLength + extra)];
            _arena.AsSpan(0, ArenaLength).CopyTo(bigger);
            _arena = bigger;
        }
        return _arena.AsSpan(ArenaLength, extra);
    }

    internal void Commit(int bytes) => ArenaLength += bytes;

    internal void Add(int start, int length)
    {
        if (Count == _start.Length)
        {
            Array.Resize(ref _start, Count * 2);
            Array.Resize(ref _length, Count * 2);
        }
        _start[Count] = start;
        _length[Count] = length;
        Count++;
    }

    /// <summary>Appends a value given as .NET text (the fallback reader's output), as UTF-8.</summary>
    internal void AddText(ReadOnlySpan<char> text)
    {
        var room = Reserve(System.Text.Encoding.UTF8.GetMaxByteCount(text.Length));
        int n = System.Text.Encoding.UTF8.GetBytes(text, room);
        Add(ArenaLength, n);
        Commit(n);
    }
}
