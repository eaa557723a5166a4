using System.Buffers.Binary;
using Microsoft.Win32.SafeHandles;
using Parquet.Meta;
using Parquet.Schema;

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
public sealed class Utf8ChunkReader(SafeFileHandle file) : IDisposable
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

    /// <summary>The parquet RLE / bit-packing hybrid (parquet-format Encodings.md), the form of levels and dictionary indexes.</summary>
    static class Rle
    {
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see Spar7mParquetImporter.WriteRows
        public static void Decode(ReadOnlySpan<byte> data, int bitWidth, Span<int> output)
        {
            if (bitWidth is < 0 or > 32) throw new InvalidDataException("bit width out of range");
            int p = 0, o = 0;
            int valueBytes = (bitWidth + 7) / 8;
            while (o < output.Length)
            {
                uint header = ReadVarint(data, ref p);
                if ((header & 1) == 0)
                {
                    int run = checked((int)(header >> 1));
                    int value = 0;
                    for (int b = 0; b < valueBytes; b++) value |= data[p + b] << (8 * b);
                    p += valueBytes;
                    if (run > output.Length - o) run = output.Length - o;
                    output.Slice(o, run).Fill(value);
                    o += run;
                }
                else
                {
                    int groups = checked((int)(header >> 1));
                    int count = groups * 8;
                    var bits = data.Slice(p, groups * bitWidth);
                    p += groups * bitWidth;
                    int take = Math.Min(count, output.Length - o);
                    if (bitWidth == 0) output.Slice(o, take).Clear();
                    else
                    {
                        ulong mask = (1UL << bitWidth) - 1;
                        long bit = 0;
                        var outputs = output.Slice(o, take);
                        ref byte first = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(bits);
                        for (int i = 0; i < outputs.Length; i++, bit += bitWidth)
                        {
                            int byteIndex = (int)(bit >> 3), shift = (int)(bit & 7);
                            ulong word;
                            // A value spans at most 5 bytes (shift ≤ 7, width ≤ 32): one unaligned 8-byte load where 8
                            // bytes remain, byte by byte at the run's end. (Reading 8 bytes per value one at a time made
                            // this the reader's largest cost once the marker columns' dictionary indexes came through it.)
                            if (byteIndex <= bits.Length - 8)
                            {
                                word = System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref System.Runtime.CompilerServices.Unsafe.Add(ref first, byteIndex));
                                if (!BitConverter.IsLittleEndian) word = BinaryPrimitives.ReverseEndianness(word);
                            }
                            else
                            {
                                word = 0;
                                for (int b = 0; b < bits.Length - byteIndex; b++) word |= (ulong)bits[byteIndex + b] << (8 * b);
                            }
                            outputs[i] = (int)((word >> shift) & mask);
                        }
                    }
                    o += take;
                }
            }
        }
    }

    static uint ReadVarint(ReadOnlySpan<byte> data, ref int p)
    {
        uint result = 0;
        for (int shift = 0; shift < 35; shift += 7)
        {
            byte b = data[p++];
            result |= (uint)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("varint too long");
    }

    static ulong ReadVarint64(ReadOnlySpan<byte> data, ref int p)
    {
        ulong result = 0;
        for (int shift = 0; shift < 70; shift += 7)
        {
            byte b = data[p++];
            result |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return result;
        }
        throw new InvalidDataException("varint too long");
    }

    /// <summary>
    /// The fields of a Thrift-compact <c>PageHeader</c> (parquet.thrift) that reading values needs; the rest
    /// (statistics, CRC, index pages' contents) is skipped. Parquet.Net's own page-header reader is internal.
    /// </summary>
    sealed class PageHeader
    {
        public const int DataV1 = 0, Index = 1, Dictionary = 2, DataV2 = 3;
        public int Type = -1, UncompressedSize = -1, CompressedSize = -1;
        public int NumValues = -1, Encoding = -1, DefEncoding = -1, RepEncoding = -1;
        public int DefLevelsBytes, RepLevelsBytes;
        public bool IsCompressed = true;

        public static PageHeader? Read(ReadOnlySpan<byte> data, ref int p)
        {
            var h = new PageHeader();
            short last = 0;
            while (true)
            {
                if (!Field(data, ref p, ref last, out short id, out int type)) break;
                switch (id, type)
                {
                    case (1, 5): h.Type = I32(data, ref p); break;
                    case (2, 5): h.UncompressedSize = I32(data, ref p); break;
                    case (3, 5): h.CompressedSize = I32(data, ref p); break;
                    case (5, 12) or (7, 12): h.ReadDataV1OrDictionary(data, ref p); break;
                    case (8, 12): h.ReadDataV2(data, ref p); break;
                    default: Skip(data, ref p, type); break;
                }
            }
            bool known = h.Type switch
            {
                DataV1 or DataV2 or Dictionary => h.NumValues >= 0 && h.Encoding >= 0,
                Index => true,
                _ => false,
            };
            return known && h.CompressedSize >= 0 && h.UncompressedSize >= 0 ? h : null;
        }

        // DataPageHeader and DictionaryPageHeader share fields 1 (num_values) and 2 (encoding); the dictionary's field 3
        // is the bool is_sorted (compact types 1/2), which the (3, i32) arm never matches, so one reader serves both.
        void ReadDataV1OrDictionary(ReadOnlySpan<byte> data, ref int p)
        {
            short last = 0;
            while (Field(data, ref p, ref last, out short id, out int type))
                switch (id, type)
                {
                    case (1, 5): NumValues = I32(data, ref p); break;
                    case (2, 5): Encoding = I32(data, ref p); break;
                    case (3, 5): DefEncoding = I32(data, ref p); break;
                    case (4, 5): RepEncoding = I32(data, ref p); break;
                    default: Skip(data, ref p, type); break;
                }
        }

        void ReadDataV2(ReadOnlySpan<byte> data, ref int p)
        {
            short last = 0;
            while (Field(data, ref p, ref last, out short id, out int type))
                switch (id, type)
                {
                    case (1, 5): NumValues = I32(data, ref p); break;
                    case (4, 5): Encoding = I32(data, ref p); break;
                    case (5, 5): DefLevelsBytes = I32(data, ref p); break;
                    case (6, 5): RepLevelsBytes = I32(data, ref p); break;
                    case (7, 1): IsCompressed = true; break;
                    case (7, 2): IsCompressed = false; break;
                    default: Skip(data, ref p, type); break;
                }
        }

        /// <summary>The next field's id and compact type; false at the struct's stop byte.</summary>
        static bool Field(ReadOnlySpan<byte> data, ref int p, ref short last, out short id, out int type)
        {
            byte b = data[p++];
            type = b & 0x0F;
            id = 0;
            if (type == 0) return false;
            int delta = b >> 4;
            id = delta == 0 ? (short)ZigZag(ReadVarint(data, ref p)) : (short)(last + delta);
            last = id;
            return true;
        }

        static int I32(ReadOnlySpan<byte> data, ref int p) => ZigZag(ReadVarint(data, ref p));

        static int ZigZag(uint v) => (int)(v >> 1) ^ -(int)(v & 1);

        static void Skip(ReadOnlySpan<byte> data, ref int p, int type)
        {
            switch (type)
            {
                case 1 or 2: break;                             // booleans live in the field header
                case 3: p++; break;                             // byte
                case 4 or 5 or 6: ReadVarint64(data, ref p); break;
                case 7: p += 8; break;                          // double
                case 8:                                         // binary (the length is read before p moves past it)
                {
                    int length = checked((int)ReadVarint(data, ref p));
                    p += length;
                    break;
                }
                case 9 or 10:                                   // list, set
                {
                    byte h = data[p++];
                    int size = h >> 4, element = h & 0x0F;
                    if (size == 15) size = checked((int)ReadVarint(data, ref p));
                    for (int i = 0; i < size; i++)
                        if (element is 1 or 2) p++; else Skip(data, ref p, element);
                    break;
                }
                case 11:                                        // map
                {
                    int size = checked((int)ReadVarint(data, ref p));
                    if (size == 0) break;
                    byte kv = data[p++];
                    for (int i = 0; i < size; i++)
                    {
                        if (kv >> 4 is 1 or 2) p++; else Skip(data, ref p, kv >> 4);
                        if ((kv & 0x0F) is 1 or 2) p++; else Skip(data, ref p, kv & 0x0F);
                    }
                    break;
                }
                case 12:                                        // struct
                {
                    short last = 0;
                    while (Field(data, ref p, ref last, out _, out int t)) Skip(data, ref p, t);
                    break;
                }
                default: throw new InvalidDataException($"thrift type {type}");
            }
            if (p > data.Length) throw new InvalidDataException("page header runs past the chunk");
        }
    }
}
