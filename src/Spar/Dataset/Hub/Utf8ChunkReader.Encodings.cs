using System.Buffers.Binary;

namespace Spar.Dataset.Hub;

// The encodings Utf8ChunkReader reads pages with: the RLE / bit-packing hybrid, varints, Thrift-compact page headers.
public sealed partial class Utf8ChunkReader
{
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
