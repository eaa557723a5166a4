using Parquet;
using Parquet.Schema;
using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>
/// Reads SPAR-Bench parquet shards (bench.md §2.1) one row group at a time, so memory holds one row group, not the
/// benchmark. <c>image</c> is Arrow's <c>list&lt;struct&lt;bytes: binary, path: string&gt;&gt;</c>; its leaf columns are
/// found by name, whatever the list's inner node names are (<c>list/element</c> or the older <c>bag/array_element</c>).
/// </summary>
public sealed class ParquetBenchReader(IReadOnlyList<string> shards, string location) : IBenchSource, IBenchAnswerSource
{
    public string Location { get; } = location;

    public IReadOnlyList<string> Shards { get; } = shards;

    public string? Note { get; init; }

    /// <summary>Whether <see cref="Items"/> reads the RGBD columns (off unless asked: depth is most of an RGBD shard's bytes).</summary>
    public bool ReadsRgbd { get; private init; }

    public IEnumerable<BenchItem> Items()
    {
        foreach (var shard in Shards)
            foreach (var item in ReadShard<BenchItem>(shard, ReadsRgbd ? ReadRowGroupWithRgbd : ReadRowGroup))
                yield return item;
    }

    /// <summary>From the first shard's schema: every shard of one benchmark has the same columns.</summary>
    public bool HasRgbd
    {
        get
        {
            if (Shards.Count == 0) return false;
            ParquetReader reader;
            try { reader = ParquetReader.CreateAsync(Shards[0]).GetAwaiter().GetResult(); }
            catch (Exception e) when (IsDamage(e)) { throw Unreadable(Shards[0], null, e); }
            try { return ShardColumns.Resolve(reader.Schema, Shards[0]).Rgbd is not null; }
            catch (Exception e) when (IsDamage(e)) { throw Unreadable(Shards[0], null, e); }
            finally { reader.DisposeAsync().AsTask().GetAwaiter().GetResult(); }
        }
    }

    public IBenchSource WithRgbd() => new ParquetBenchReader(Shards, Location) { Note = Note, ReadsRgbd = true };

    /// <summary>Only id, task and answer: the image column (almost all of the bytes) is never read.</summary>
    public IEnumerable<BenchAnswer> Answers()
    {
        foreach (var shard in Shards)
            foreach (var answer in ReadShard(shard, ReadAnswers))
                yield return answer;
    }

    /// <remarks>
    /// A damaged file makes Parquet.Net throw almost anything (Thrift protocol errors, null references, index and
    /// range errors, divide by zero, "cannot decode schema"), so every exception from the reader except our own
    /// <see cref="SparException"/> and a cancellation is the one answer: not a readable parquet file, naming it.
    /// </remarks>
    static IEnumerable<T> ReadShard<T>(string path, Func<ParquetRowGroupReader, ShardColumns, string, ValueTask<IReadOnlyList<T>>> readGroup)
    {
        ParquetReader reader;
        ShardColumns columns;
        try
        {
            reader = ParquetReader.CreateAsync(path).GetAwaiter().GetResult();
        }
        catch (Exception e) when (IsDamage(e))
        {
            throw Unreadable(path, null, e);
        }
        try
        {
            try
            {
                columns = ShardColumns.Resolve(reader.Schema, path);
            }
            catch (Exception e) when (IsDamage(e))
            {
                throw Unreadable(path, null, e);
            }
            for (int g = 0; g < reader.RowGroupCount; g++)
            {
                IReadOnlyList<T> rows;
                try
                {
                    rows = readGroup(reader.OpenRowGroupReader(g), columns, path).AsTask().GetAwaiter().GetResult();
                }
                catch (Exception e) when (IsDamage(e))
                {
                    throw Unreadable(path, g, e);
                }
                foreach (var row in rows) yield return row;
            }
        }
        finally
        {
            reader.DisposeAsync().AsTask().GetAwaiter().GetResult();
        }
    }

    internal static bool IsDamage(Exception e) => e is not (SparException or OperationCanceledException);

    internal static SparException Unreadable(string path, int? rowGroup, Exception e)
    {
        // The reader's own exceptions say what is wrong; a null reference, an index out of range or a huge array
        // only that the metadata it followed is nonsense, which is all the user can act on.
        var what = e is ParquetException or IOException or InvalidDataException or NotSupportedException || e.GetType().Namespace?.StartsWith("Parquet", StringComparison.Ordinal) == true
            ? e.Message
            : "its metadata is damaged or inconsistent";
        return new SparException($"{path}: not a readable parquet file ({(rowGroup is { } g ? $"row group {g}: " : "")}{what})", e);
    }

    static async ValueTask<IReadOnlyList<BenchItem>> ReadRowGroup(ParquetRowGroupReader group, ShardColumns c, string path)
    {
        int rows = checked((int)group.RowCount);
        var ids = await ReadIds(group, c.Id, rows);
        var tasks = await ReadStrings(group, c.Task, rows);
        var questions = await ReadStrings(group, c.Question, rows);
        var answers = await ReadStrings(group, c.Answer, rows);
        var imgTypes = c.ImageType is null ? null : await ReadStrings(group, c.ImageType, rows);
        var formats = c.FormatType is null ? null : await ReadStrings(group, c.FormatType, rows);
        var sources = c.Source is null ? null : await ReadStrings(group, c.Source, rows);
        var images = await ImageColumn.Read(group, c.ImageBytes, c.ImagePath, c.ImageListLevel, rows, ids, path);

        var items = new BenchItem[rows];
        for (int r = 0; r < rows; r++)
        {
            string task = tasks[r] ?? throw new SparException($"{path}: row id {ids[r]} has a null task");
            items[r] = new BenchItem(
                ids[r],
                task,
                formats?[r] ?? BenchColumns.DefaultFormatType(task),
                imgTypes?[r] ?? BenchColumns.DefaultImageType(task),
                sources?[r] ?? "",
                images[r],
                questions[r] ?? throw new SparException($"{path}: row id {ids[r]} has a null question"),
                answers[r] ?? throw new SparException($"{path}: row id {ids[r]} has a null answer"));
        }
        return items;
    }

    static async ValueTask<IReadOnlyList<BenchItem>> ReadRowGroupWithRgbd(ParquetRowGroupReader group, ShardColumns c, string path)
    {
        var items = await ReadRowGroup(group, c, path);
        if (c.Rgbd is null) return items;
        var ids = items.Select(i => i.Id).ToArray();
        var rgbd = await c.Rgbd.Read(group, items.Count, ids, path);
        var result = new BenchItem[items.Count];
        for (int r = 0; r < result.Length; r++)
        {
            try { rgbd[r].CheckShape(ids[r], items[r].Images.Count); }
            catch (SparException e) { throw new SparException($"{path}: {e.Message}", e); }
            result[r] = items[r] with { Rgbd = rgbd[r] };
        }
        return result;
    }

    static async ValueTask<IReadOnlyList<BenchAnswer>> ReadAnswers(ParquetRowGroupReader group, ShardColumns c, string path)
    {
        int rows = checked((int)group.RowCount);
        var ids = await ReadIds(group, c.Id, rows);
        var tasks = await ReadStrings(group, c.Task, rows);
        var answers = await ReadStrings(group, c.Answer, rows);
        var result = new BenchAnswer[rows];
        for (int r = 0; r < rows; r++)
            result[r] = new BenchAnswer(ids[r],
                tasks[r] ?? throw new SparException($"{path}: row id {ids[r]} has a null task"),
                answers[r] ?? throw new SparException($"{path}: row id {ids[r]} has a null answer"));
        return result;
    }

    static async ValueTask<long[]> ReadIds(ParquetRowGroupReader group, DataField field, int rows)
    {
        var ids = new long[rows];
        if (field.ClrType == typeof(long))
        {
            if (field.IsNullable)
            {
                var values = new long?[rows];
                await group.ReadAsync(field, values.AsMemory());
                for (int i = 0; i < rows; i++) ids[i] = values[i] ?? throw new InvalidDataException("null id");
            }
            else await group.ReadAsync(field, ids.AsMemory());
            return ids;
        }
        var ints = new int?[rows];
        await group.ReadAsync(field, ints.AsMemory());
        for (int i = 0; i < rows; i++) ids[i] = ints[i] ?? throw new InvalidDataException("null id");
        return ids;
    }

    static async ValueTask<string?[]> ReadStrings(ParquetRowGroupReader group, DataField field, int rows)
    {
        var values = new string?[rows];
        await group.ReadAsync(field, values.AsMemory());
        return values;
    }
}
