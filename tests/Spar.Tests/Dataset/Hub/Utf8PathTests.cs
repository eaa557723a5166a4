using System.Text;
using CsCheck;
using Parquet;
using Parquet.Schema;
using Spar.Dataset.Hub;

namespace Spar.Tests.Dataset.Hub;

/// <summary>
/// The UTF-8 path of <c>import spar7m</c> must write what the UTF-16 path (Parquet.Net's decoded strings) wrote: the
/// escaper on every byte sequence, the page reader on every string column it claims to read.
/// </summary>
public class Utf8PathTests
{
    // Bytes that exercise every branch: ASCII, quote, backslash, controls, DEL, 2-4 byte UTF-8, lone continuation
    // bytes, overlong and surrogate encodings (invalid), truncated sequences.
    static readonly string[] Specials = ["\"", "\\", "\n", "\u00e9", "\u20ac", "\U0001F600", "\u007f", "\u0085", "\u2028"];
    static readonly byte[][] Invalid = [[0x80], [0xC3], [0xE2, 0x82], [0xED, 0xA0, 0x80], [0xC0, 0xAF], [0xF8], [0xFF], [0xF0, 0x9F, 0x98]];

    static readonly Gen<byte[]> Text = Gen.Frequency(
        (4, Gen.Char['\0', '\u007f'].Select(c => new[] { (byte)c })),
        (2, Gen.Int[0, Specials.Length - 1].Select(i => Specials[i]).Select(s => Encoding.UTF8.GetBytes(s))),
        (1, Gen.Int[0, Invalid.Length - 1].Select(i => Invalid[i])),
        (1, Gen.Byte.Array[1, 4]))
        .Array[0, 40].Select(parts => parts.SelectMany(p => p).ToArray());

    [Fact]
    public void Utf8String_writes_what_String_of_the_decoded_text_writes()
    {
        // After a line's earlier bytes (the prefix), as in a record: invalid UTF-8 found part-way through a value must
        // take back what was already copied of it, and nothing before it.
        // A small starting capacity makes the buffer grow part-way through a value.
        Gen.Select(Text, Gen.Bool, Gen.Int[0, 40], Gen.Int[1, 80]).Sample((bytes, ascii, prefix, capacity) =>
        {
            var viaChars = new PyJsonBuffer { EnsureAscii = ascii };
            viaChars.Raw(Encoding.ASCII.GetBytes(new string('p', prefix)));
            viaChars.String(Encoding.UTF8.GetString(bytes));
            var direct = new PyJsonBuffer(capacity) { EnsureAscii = ascii };
            direct.Raw(Encoding.ASCII.GetBytes(new string('p', prefix)));
            direct.Utf8String(bytes);
            return viaChars.Span.SequenceEqual(direct.Span);
        }, iter: 20000);
    }

    [Fact]
    public void Long_writes_what_Python_str_of_the_integer_writes()
    {
        // The digit-by-digit path (0..9999) and the formatter (the rest) meet at every digit count's edge.
        long[] edges = [0, 1, 9, 10, 99, 100, 999, 1000, 9999, 10000, 123456, -1, -9999, long.MaxValue, long.MinValue];
        var values = edges.Concat(Enumerable.Range(0, 2000).Select(i => (long)(i * 7919 % 20011) - 5000));
        foreach (var v in values)
        {
            var b = new PyJsonBuffer();
            b.Raw("x"u8);
            b.Long(v);
            Assert.Equal("x" + v.ToString(System.Globalization.CultureInfo.InvariantCulture), Encoding.ASCII.GetString(b.Span));
        }
    }

    [Fact]
    public void Utf8String_escapes_like_json_dumps()
    {
        // Independent expectations: Python's json.dumps(s) and json.dumps(s, ensure_ascii=False).
        var s = Encoding.UTF8.GetBytes("a\"b\\c\nd\u0001\u007f\u00e9\U0001F600");
        var keep = new PyJsonBuffer();
        keep.Utf8String(s);
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001\u007f\u00e9\U0001F600\"", Encoding.UTF8.GetString(keep.Span));
        var ascii = new PyJsonBuffer { EnsureAscii = true };
        ascii.Utf8String(s);
        Assert.Equal("\"a\\\"b\\\\c\\nd\\u0001\\u007f\\u00e9\\ud83d\\ude00\"", Encoding.UTF8.GetString(ascii.Span));
    }

    static readonly string DuckDbFixture = Path.Combine(TestPaths.RepoRoot, "tests", "Spar.Tests", "Dataset", "Fixtures", "duckdb_hub_spar7m.parquet");

    /// <summary>Every string leaf of every row group: the page reader's values and levels against Parquet.Net's decoding.</summary>
    static async Task<(int Raw, int Fallback)> CompareWithParquetNet(string file)
    {
        using var pages = Utf8ChunkReader.Open(file);
        await using var reader = await ParquetReader.CreateAsync(file);
        int raw = 0, fallback = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            foreach (var field in reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(string) || f.ClrType == typeof(ReadOnlyMemory<char>)))
            {
                var chunk = group.GetMetadata(field)!;
                int n = checked((int)chunk.MetaData!.NumValues);
                var (def, rep) = (new int[n], new int[n]);
                var values = new Utf8Values();
                if (!pages.TryRead(chunk, field, n, def, rep, values)) { fallback++; continue; }
                raw++;
                var (eDef, eRep, eValues) = (new int[n], new int[n], new ReadOnlyMemory<char>[n]);
                await group.ReadRawAsync(field, eValues.AsMemory(), eDef.AsMemory(), eRep.AsMemory());
                if (field.MaxDefinitionLevel > 0) Assert.Equal(eDef, def);
                if (field.MaxRepetitionLevel > 0) Assert.Equal(eRep, rep);
                int defined = field.MaxDefinitionLevel == 0 ? n : eDef.Count(d => d == field.MaxDefinitionLevel);
                Assert.Equal(defined, values.Count);
                for (int i = 0; i < defined; i++) Assert.Equal(eValues[i].ToString(), Encoding.UTF8.GetString(values[i]));
            }
        }
        return (raw, fallback);
    }

    /// <summary>Every 64-bit integer leaf of every row group: the page reader's values and levels against Parquet.Net's decoding.</summary>
    static async Task<(int Raw, int Fallback)> CompareInt64WithParquetNet(string file)
    {
        using var pages = Utf8ChunkReader.Open(file);
        await using var reader = await ParquetReader.CreateAsync(file);
        int raw = 0, fallback = 0;
        for (int g = 0; g < reader.RowGroupCount; g++)
        {
            using var group = reader.OpenRowGroupReader(g);
            foreach (var field in reader.Schema.GetDataFields().Where(f => f.ClrType == typeof(long)))
            {
                var chunk = group.GetMetadata(field)!;
                int n = checked((int)chunk.MetaData!.NumValues);
                var (def, rep) = (new int[n], new int[n]);
                var values = new Utf8Values();
                if (!pages.TryRead(chunk, field, n, def, rep, values)) { fallback++; continue; }
                raw++;
                var (eDef, eRep, eValues) = (new int[n], new int[n], new long[n]);
                await group.ReadRawAsync(field, eValues.AsMemory(), eDef.AsMemory(), eRep.AsMemory());
                if (field.MaxDefinitionLevel > 0) Assert.Equal(eDef, def);
                if (field.MaxRepetitionLevel > 0) Assert.Equal(eRep, rep);
                int defined = field.MaxDefinitionLevel == 0 ? n : eDef.Count(d => d == field.MaxDefinitionLevel);
                Assert.Equal(defined, values.Count);
                for (int i = 0; i < defined; i++) Assert.Equal(eValues[i], values.Int64At(i));
            }
        }
        return (raw, fallback);
    }

    [Fact]
    public async Task Page_reader_reads_DuckDB_written_marker_columns_as_Parquet_Net_does()
    {
        // red_point … bbox_img_idx: lists of lists of BIGINT, dictionary pages where DuckDB chose them, PLAIN otherwise.
        var (raw, fallback) = await CompareInt64WithParquetNet(DuckDbFixture);
        Assert.True(raw > 0 && fallback == 0, $"{raw} read, {fallback} left to Parquet.Net");
    }

    [Fact]
    public async Task Page_reader_reads_DuckDB_dictionary_encoded_marker_columns_as_Parquet_Net_does()
    {
        // bench/scripts/make-duckdb-marker-fixture.mjs: dictionary chunks (8- and 2-bit indexes) and PLAIN ones with the
        // 64-bit extremes, NULL, empty and empty-inner lists, three row groups.
        var file = Path.Combine(TestPaths.RepoRoot, "tests", "Spar.Tests", "Dataset", "Fixtures", "duckdb_markers.parquet");
        await using (var reader = await ParquetReader.CreateAsync(file))
        {
            using var group = reader.OpenRowGroupReader(0);
            var encodings = reader.Schema.GetDataFields().SelectMany(f => group.GetMetadata(f)!.MetaData!.Encodings).ToHashSet();
            Assert.Contains(Parquet.Meta.Encoding.PLAIN_DICTIONARY, encodings); // the fixture still has what it is for
        }
        Assert.Equal((9, 0), await CompareInt64WithParquetNet(file));
    }

    [Fact]
    public async Task Marker_lists_are_written_the_same_from_the_page_reader_and_from_Parquet_Net()
    {
        // The same rows in snappy (read by the page reader) and gzip (left to Parquet.Net): both give the JSON lists
        // built here from the values.
        using var dir = new TestPaths.TempDir();
        var inner = new DataField<long?>("element");
        var schema = new ParquetSchema(new ListField("red_point", new ListField("element", inner)));
        var rnd = new Random(5);
        var rows = Enumerable.Range(0, 3000).Select(i => i % 6 == 0 ? null : Enumerable.Range(0, i % 6 - 1)
            .Select(_ => Enumerable.Range(0, i % 3).Select(_ => i % 50 == 1 ? long.MinValue : rnd.NextInt64(-5, 1L << 40)).ToArray()).ToArray()).ToArray();
        var expected = rows.Select(r => r is null ? null : "[" + string.Join(", ", r.Select(p => "[" + string.Join(", ", p) + "]")) + "]").ToArray();
        foreach (var (name, codec) in new[] { ("snappy", CompressionMethod.Snappy), ("gzip", CompressionMethod.Gzip) })
        {
            var file = dir[name + ".parquet"];
            await using (var fs = File.Create(file))
            await using (var writer = await ParquetWriter.CreateAsync(schema, fs, new ParquetOptions { CompressionMethod = codec }))
            {
                var (values, def, rep) = (new List<long>(), new List<int>(), new List<int>());
                foreach (var r in rows)
                {
                    if (r is null) { def.Add(0); rep.Add(0); continue; }
                    if (r.Length == 0) { def.Add(1); rep.Add(0); continue; }
                    for (int j = 0; j < r.Length; j++)
                    {
                        if (r[j].Length == 0) { def.Add(3); rep.Add(j == 0 ? 0 : 1); continue; }
                        for (int c = 0; c < r[j].Length; c++) { values.Add(r[j][c]); def.Add(5); rep.Add(c > 0 ? 2 : j == 0 ? 0 : 1); }
                    }
                }
                using var rg = writer.CreateRowGroup();
                await rg.WriteAllPartsAsync<long>(inner, values.ToArray().AsMemory(), def.ToArray().AsMemory(), rep.ToArray().AsMemory(), CancellationToken.None);
                rg.CompleteValidate();
            }
            Assert.Equal(name == "snappy" ? (1, 0) : (0, 1), await CompareInt64WithParquetNet(file));
            using var pages = Utf8ChunkReader.Open(file);
            await using var reader = await ParquetReader.CreateAsync(file);
            var column = NestedColumn.TryResolve(reader.Schema.Fields[0], out var why) ?? throw new Xunit.Sdk.XunitException(why);
            using var group = reader.OpenRowGroupReader(0);
            var fragments = await column.ReadAsync(group, rows.Length, false, false, pages);
            for (int i = 0; i < rows.Length; i++)
                Assert.Equal(expected[i], fragments.IsNull(i) ? null : Encoding.ASCII.GetString(fragments.Get(i)));
        }
    }

    [Fact]
    public async Task Page_reader_reads_Parquet_Net_written_integer_pages_with_nulls_and_nested_lists()
    {
        using var dir = new TestPaths.TempDir();
        var file = dir["ints.parquet"];
        var flat = new DataField<long?>("n");
        var required = new DataField<long>("r");
        var inner = new DataField<long?>("element");
        var nested = new ListField("red_point", new ListField("element", inner));
        var rnd = new Random(11);
        await using (var fs = File.Create(file))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(flat, required, nested), fs))
        {
            for (int g = 0; g < 2; g++)
            {
                int rows = 20000;
                using var rg = writer.CreateRowGroup();
                await rg.WriteAsync<long>(flat, Enumerable.Range(0, rows).Select(i => i % 13 == 0 ? (long?)null : rnd.NextInt64(long.MinValue, long.MaxValue)).ToArray().AsMemory());
                await rg.WriteAsync<long>(required, Enumerable.Range(0, rows).Select(i => (long)(i % 5) - 2).ToArray().AsMemory());
                var (values, def, rep) = (new List<long>(), new List<int>(), new List<int>());
                for (int i = 0; i < rows; i++)
                {
                    int k = i % 5; // 0: null list, 1: empty list, 2-4: that many points of two coordinates
                    if (k == 0) { def.Add(0); rep.Add(0); continue; }
                    if (k == 1) { def.Add(1); rep.Add(0); continue; }
                    for (int j = 0; j < k; j++)
                        for (int c = 0; c < 2; c++) { values.Add(rnd.Next(-1, 2000)); def.Add(5); rep.Add(c == 1 ? 2 : j == 0 ? 0 : 1); }
                }
                await rg.WriteAllPartsAsync<long>(inner, values.ToArray().AsMemory(), def.ToArray().AsMemory(), rep.ToArray().AsMemory(), CancellationToken.None);
                rg.CompleteValidate();
            }
        }
        Assert.Equal((6, 0), await CompareInt64WithParquetNet(file));
    }

    [Fact]
    public async Task Page_reader_reads_DuckDB_written_string_columns_as_Parquet_Net_does()
    {
        var (raw, fallback) = await CompareWithParquetNet(DuckDbFixture);
        Assert.Equal((8, 0), (raw, fallback)); // id, qa_type, qa_format, question, answer, split, image and depth elements
    }

    [Fact]
    public async Task Page_reader_reads_Parquet_Net_written_pages_plain_and_dictionary_over_several_row_groups()
    {
        using var dir = new TestPaths.TempDir();
        var file = dir["many.parquet"];
        var id = new DataField<string>("id");
        var type = new DataField<string>("qa_type");
        var item = new DataField<string>("element");
        var image = new ListField("image", item);
        var schema = new ParquetSchema(id, type, image);
        var rnd = new Random(7);
        await using (var fs = File.Create(file))
        await using (var writer = await ParquetWriter.CreateAsync(schema, fs))
        {
            for (int g = 0; g < 3; g++)
            {
                int rows = 30000;
                using var rg = writer.CreateRowGroup();
                // Unique ids (PLAIN), a few types (dictionary), some null and non-ASCII.
                await rg.WriteAsync(id, Enumerable.Range(0, rows).Select(i => i % 97 == 0 ? null : $"scene{g}_{i}_\u00e9{rnd.Next()}").ToArray());
                await rg.WriteAsync(type, Enumerable.Range(0, rows).Select(i => i % 5 == 0 ? null : $"type_{i % 7}").ToArray());
                var paths = new List<ReadOnlyMemory<char>>();
                var (def, rep) = (new List<int>(), new List<int>());
                for (int i = 0; i < rows; i++)
                {
                    int k = i % 4; // 0: null list, 1: empty, 2-3: that many paths
                    if (k == 0) { def.Add(0); rep.Add(0); continue; }
                    if (k == 1) { def.Add(1); rep.Add(0); continue; }
                    for (int j = 0; j < k; j++) { paths.Add($"s{i % 11}/image_color/{rnd.Next(100000)}.jpg".AsMemory()); def.Add(3); rep.Add(j == 0 ? 0 : 1); }
                }
                await rg.WriteAllPartsAsync<ReadOnlyMemory<char>>(item, paths.ToArray().AsMemory(), def.ToArray().AsMemory(), rep.ToArray().AsMemory(), CancellationToken.None);
                rg.CompleteValidate();
            }
        }
        var (raw, fallback) = await CompareWithParquetNet(file);
        Assert.Equal((9, 0), (raw, fallback));
    }

    [Fact]
    public async Task A_chunk_in_another_codec_is_left_to_Parquet_Net()
    {
        using var dir = new TestPaths.TempDir();
        var file = dir["gzip.parquet"];
        var id = new DataField<string>("id");
        await using (var fs = File.Create(file))
        await using (var writer = await ParquetWriter.CreateAsync(new ParquetSchema(id), fs, new ParquetOptions { CompressionMethod = CompressionMethod.Gzip }))
        {
            using var rg = writer.CreateRowGroup();
            await rg.WriteAsync(id, new string?[] { "a", null, "b" });
        }
        Assert.Equal((0, 1), await CompareWithParquetNet(file));
    }

    [Fact]
    public void Damaged_pages_give_records_or_the_unreadable_file_error_never_another_exception()
    {
        // Bytes flipped in the column chunks (after the 4-byte magic, before the footer) of the DuckDB fixture, fixed
        // seeds: the page reader either reads the damage as values, refuses (Parquet.Net then reads or names it), or
        // the run ends with spar's "not a readable parquet file" error; nothing else escapes.
        using var dir = new TestPaths.TempDir();
        var original = File.ReadAllBytes(DuckDbFixture);
        int footer = BitConverter.ToInt32(original, original.Length - 8);
        int dataEnd = original.Length - 8 - footer;
        int unreadable = 0, read = 0;
        for (int seed = 0; seed < 150; seed++)
        {
            var rnd = new Random(seed);
            var bytes = (byte[])original.Clone();
            for (int k = 0; k < 1 + seed % 4; k++) bytes[rnd.Next(4, dataEnd)] ^= (byte)(1 << rnd.Next(8));
            var file = dir[$"d{seed}.parquet"];
            File.WriteAllBytes(file, bytes);
            try
            {
                Spar7mParquetImporter.Run(new Spar7mImportOptions(file, dir[$"o{seed}"]), _ => { });
                read++;
            }
            catch (Spar.Util.SparException e)
            {
                Assert.Contains("not a readable parquet file", e.Message);
                unreadable++;
            }
        }
        Assert.True(unreadable > 0 && read > 0, $"{unreadable} unreadable, {read} read: the variants should exercise both");
    }
}
