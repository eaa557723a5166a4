using System.IO.Hashing;
using System.Text;

namespace Spar.Dataset;

/// <summary>
/// Finds record ids seen before in a validate run, in input order (files in order, lines in order), so "first seen" and
/// every report are the same whatever the thread count. Ids are kept as 64-bit XxHash3 values with where they were first
/// seen (file number and line packed in 8 bytes): about 30 bytes per distinct id (≈ 210 MB for SPAR-7M's 7 M records)
/// instead of the ids themselves. Two different ids collide with probability about n²/2⁶⁵ over n ids — 3·10⁻⁶ for
/// 10⁷ ids, 3·10⁻⁴ for 10⁸ — and a collision can only add a false "duplicate" report, never hide one.
/// </summary>
sealed class DuplicateIds
{
    const int LineBits = 40; // 10¹² lines per file; the rest, 2²⁴ files
    readonly Dictionary<ulong, long> _first = [];
    readonly List<string> _files = [];

    /// <summary>Starts the next file in input order; returns its number for <see cref="Check"/>.</summary>
    public int BeginFile(string relativePath)
    {
        _files.Add(relativePath);
        return _files.Count - 1;
    }

    /// <summary>
    /// Where <paramref name="id"/> was first seen (file number, line) if it was seen before this occurrence, else null
    /// (and the occurrence is remembered).
    /// </summary>
    public (int File, long Line)? Check(string id, int file, long line)
    {
        ulong hash = XxHash3.HashToUInt64(Encoding.UTF8.GetBytes(id));
        if (_first.TryGetValue(hash, out var packed)) return ((int)(packed >>> LineBits), packed & ((1L << LineBits) - 1));
        _first[hash] = ((long)file << LineBits) | line;
        return null;
    }

    /// <summary><c>file:line</c> of a place <see cref="Check"/> returned.</summary>
    public string Where((int File, long Line) at) => $"{_files[at.File]}:{at.Line}";
}
