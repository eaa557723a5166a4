using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;
using Parquet.Schema;

namespace Spar.Dataset.Hub;

/// <summary>
/// Reads a string (BYTE_ARRAY) column chunk's pages straight from the file into UTF-8 slices, for the layouts the Hub
/// parquet is written in (pyarrow's and DuckDB's defaults: PLAIN or dictionary-encoded values, RLE levels, data pages
/// v1 or v2, snappy or no compression). Why not Parquet.Net: its 6.1.0 readers (the newest served here) decode every
/// value into a new <c>char[]</c> (UTF-16), and even its <c>ReadOnlyMemory&lt;byte&gt;</c> path copies each value into
/// its own array — one allocation per value, which made the garbage collector the largest cost of
/// <c>import spar7m</c>, and the import only re-encodes the text to UTF-8 for the jsonl. <see cref="TryRead"/> returns
/// false for anything else (another codec or encoding, encrypted or external chunks, a page it cannot make sense of),
/// and the caller reads that chunk with Parquet.Net as before, so damaged files get Parquet.Net's message as they did.
/// The values are not validated here: <see cref="PyJsonBuffer.Utf8String"/> writes invalid UTF-8 as the decoded text
/// (U+FFFD replacements) would be written.
/// </summary>
public sealed partial class Utf8ChunkReader(SafeFileHandle file) : IDisposable
{
    byte[] _chunk = new byte[1 << 16];
    byte[] _page = new byte[1 << 16];
    int[] _dictStart = new int[256], _dictLength = new int[256];
    int[] _indexes = new int[1024];

    public void Dispose() => file.Dispose();

    public static Utf8ChunkReader Open(string path) => new(File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read));

    /// <summary>
    /// Fills <paramref name="values"/> (the defined values, in order) and the levels of the chunk's <paramref name="n"/>
    /// entries; false, with nothing promised about the buffers, when the chunk is not in a layout read here.
    /// Besides strings (BYTE_ARRAY) it reads plain 64-bit integers (INT64 read as <c>long</c>: the marker columns,
    /// <c>[[553, 397]]</c>), each value then the 8 little-endian bytes of the integer in the arena
    /// (<see cref="Utf8Values.Int64At"/>): the same pages, levels and dictionaries, only the values have a fixed width.
    /// Parquet.Net read those columns before; it was ~5 % of the import's CPU, and its generic column readers were
    /// compiled at run time (not in the ReadyToRun image).
    /// </summary>
    public bool TryRead(ColumnChunk chunk, DataField field, int n, int[] def, int[] rep, Utf8Values values)
    {
        values.Clear();
        var meta = chunk.MetaData;
        if (meta is null || chunk.FilePath is not null || chunk.CryptoMetadata is not null || chunk.EncryptedColumnMetadata is not null) return false;
        int width;
        if (meta.Type == Parquet.Meta.Type.BYTE_ARRAY && (field.ClrType == typeof(string) || field.ClrType == typeof(ReadOnlyMemory<char>))) width = 0;
        else if (meta.Type == Parquet.Meta.Type.INT64 && field.ClrType == typeof(long)) width = 8;
        else return false;
        if (meta.Codec is not (CompressionCodec.UNCOMPRESSED or CompressionCodec.SNAPPY)) return false;
        if (meta.NumValues != n || field.MaxDefinitionLevel > 1 << 15 || field.MaxRepetitionLevel > 1 << 15) return false;
        long start = meta.DataPageOffset;
        if (meta.DictionaryPageOffset is > 0 and var d && d < start) start = d;
        if (start <= 0 || meta.TotalCompressedSize <= 0 || meta.TotalCompressedSize > int.MaxValue) return false;
        int size = (int)meta.TotalCompressedSize;
        if (start + size > RandomAccess.GetLength(file)) return false; // damaged metadata: no allocation of what it claims
        if (_chunk.Length < size) _chunk = new byte[Math.Max(size, _chunk.Length * 2)];
        try
        {
            if (RandomAccess.Read(file, _chunk.AsSpan(0, size), start) != size) return false;
            return ReadPages(_chunk.AsSpan(0, size), meta.Codec, field, n, def, rep, values, width);
        }
        catch (Exception e) when (e is IndexOutOfRangeException or ArgumentException or InvalidDataException or OverflowException)
        {
            return false; // not understood here: Parquet.Net reads it (or names the damage)
        }
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see Spar7mParquetImporter.WriteRows
    bool ReadPages(ReadOnlySpan<byte> chunk, CompressionCodec codec, DataField field, int n, int[] def, int[] rep, Utf8Values values, int width)
    {
        int maxDef = field.MaxDefinitionLevel, maxRep = field.MaxRepetitionLevel;
        int entries = 0, dictCount = -1, pos = 0;
        while (entries < n)
        {
            if (pos >= chunk.Length) return false;
            var header = PageHeader.Read(chunk, ref pos);
            if (header is null || header.CompressedSize < 0 || pos + header.CompressedSize > chunk.Length) return false;
            var body = chunk.Slice(pos, header.CompressedSize);
            pos += header.CompressedSize;
            switch (header.Type)
            {
                case PageHeader.Dictionary:
                {
                    if (dictCount >= 0 || header.Encoding is not (0 or 2)) return false; // PLAIN or PLAIN_DICTIONARY
                    var data = Decompress(body, codec, header.UncompressedSize, values, out int at);
                    if (data.IsEmpty && header.UncompressedSize != 0) return false;
                    dictCount = header.NumValues;
                    if (dictCount < 0) return false;
                    if (_dictStart.Length < dictCount) { _dictStart = new int[dictCount]; _dictLength = new int[dictCount]; }
                    if (width > 0)
                    {
                        if ((long)dictCount * width > data.Length) return false;
                        for (int i = 0; i < dictCount; i++)
                        {
                            _dictStart[i] = at + i * width;
                            _dictLength[i] = width;
                        }
                        break;
                    }
                    int p = 0;
                    for (int i = 0; i < dictCount; i++)
                    {
                        int len = BinaryPrimitives.ReadInt32LittleEndian(data[p..]);
                        if (len < 0 || p + 4 + len > data.Length) return false;
                        _dictStart[i] = at + p + 4;
                        _dictLength[i] = len;
                        p += 4 + len;
                    }
                    break;
                }
                case PageHeader.DataV1:
                case PageHeader.DataV2:
                {
                    int count = header.NumValues;
                    if (count < 0 || entries + count > n) return false;
                    ReadOnlySpan<byte> levels, data;
                    int at;
                    if (header.Type == PageHeader.DataV1)
                    {
                        if (maxRep > 0 && header.RepEncoding != 3 || maxDef > 0 && header.DefEncoding != 3) return false; // RLE levels only
                        data = Decompress(body, codec, header.UncompressedSize, values, out at);
                        if (data.Length != header.UncompressedSize) return false;
                        int used = LengthPrefixedLevels(data, maxRep, rep.AsSpan(entries, count));
                        used += LengthPrefixedLevels(data[used..], maxDef, def.AsSpan(entries, count));
                        data = data[used..];
                        at += used;
                    }
                    else
                    {
                        int repBytes = header.RepLevelsBytes, defBytes = header.DefLevelsBytes;
                        if (repBytes < 0 || defBytes < 0 || repBytes + defBytes > body.Length) return false;
                        levels = body[..(repBytes + defBytes)];
                        Levels(levels[..repBytes], maxRep, rep.AsSpan(entries, count));
                        Levels(levels[repBytes..], maxDef, def.AsSpan(entries, count));
                        var rest = body[(repBytes + defBytes)..];
                        int restSize = header.UncompressedSize - repBytes - defBytes;
                        data = Decompress(rest, header.IsCompressed ? codec : CompressionCodec.UNCOMPRESSED, restSize, values, out at);
                        if (data.Length != restSize) return false;
                    }
                    int defined = 0;
                    if (maxDef == 0) defined = count;
                    else foreach (int level in def.AsSpan(entries, count)) if (level == maxDef) defined++;
                    if (header.Encoding == 0 && width > 0) // PLAIN fixed width: the values back to back
                    {
                        if ((long)defined * width > data.Length) return false;
                        for (int i = 0; i < defined; i++) values.Add(at + i * width, width);
                    }
                    else if (header.Encoding == 0) // PLAIN: 4-byte length, bytes
                    {
                        int p = 0;
                        for (int i = 0; i < defined; i++)
                        {
                            int len = BinaryPrimitives.ReadInt32LittleEndian(data[p..]);
                            if (len < 0 || p + 4 + len > data.Length) return false;
                            values.Add(at + p + 4, len);
                            p += 4 + len;
                        }
                    }
                    else if (header.Encoding is 2 or 8) // PLAIN_DICTIONARY, RLE_DICTIONARY: bit width, then RLE/bit-packed indexes
                    {
                        if (dictCount < 0 || data.IsEmpty && defined > 0) return false;
                        if (_indexes.Length < defined) _indexes = new int[Math.Max(defined, _indexes.Length * 2)];
                        var idx = _indexes.AsSpan(0, defined);
                        if (defined > 0) Rle.Decode(data[1..], data[0], idx);
                        foreach (int i in idx)
                        {
                            if ((uint)i >= (uint)dictCount) return false;
                            values.Add(_dictStart[i], _dictLength[i]);
                        }
                    }
                    else return false;
                    entries += count;
                    break;
                }
                case PageHeader.Index:
                    break;
                default:
                    return false;
            }
        }
        return entries == n;
    }

    /// <summary>
    /// The page body uncompressed. PLAIN values are sliced from it later, so it goes into the arena (returned with
    /// its arena offset <paramref name="at"/>); empty when the codec's output does not have the announced size.
    /// </summary>
    static ReadOnlySpan<byte> Decompress(ReadOnlySpan<byte> body, CompressionCodec codec, int size, Utf8Values values, out int at)
    {
        at = values.ArenaLength;
        if (size < 0) return default;
        // The announced size is checked against the body before anything that large is allocated.
        if (codec == CompressionCodec.UNCOMPRESSED ? body.Length != size : Snappier.Snappy.GetUncompressedLength(body) != size) return default;
        var room = values.Reserve(size);
        int written;
        if (codec == CompressionCodec.UNCOMPRESSED)
        {
            body.CopyTo(room);
            written = size;
        }
        else written = Snappier.Snappy.Decompress(body, room);
        if (written != size) return default;
        values.Commit(size);
        return values.Arena.AsSpan(at, size);
    }

    /// <summary>One page's repetition or definition levels from their RLE/bit-packed bytes; all 0 (and no bytes) when the column has none.</summary>
    static void Levels(ReadOnlySpan<byte> rle, int maxLevel, Span<int> levels)
    {
        if (maxLevel > 0) Rle.Decode(rle, BitWidth(maxLevel), levels);
        else levels.Clear();
    }

    /// <summary>Data page v1 levels: a 4-byte length, then that many bytes of RLE/bit-packed hybrid; none when the column has none. The bytes used.</summary>
    static int LengthPrefixedLevels(ReadOnlySpan<byte> data, int maxLevel, Span<int> levels)
    {
        if (maxLevel == 0)
        {
            levels.Clear();
            return 0;
        }
        int len = BinaryPrimitives.ReadInt32LittleEndian(data);
        if (len < 0 || 4 + len > data.Length) throw new InvalidDataException("level length out of range");
        Levels(data.Slice(4, len), maxLevel, levels);
        return 4 + len;
    }

    static int BitWidth(int max) => 32 - int.LeadingZeroCount(max);
}
