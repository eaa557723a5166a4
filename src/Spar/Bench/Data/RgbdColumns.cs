using Parquet;
using Parquet.Schema;
using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>
/// The RGBD variant's leaf columns of a parquet shard (bench.md §2.1) and their assembly into <see cref="BenchRgbd"/>:
/// <c>depth</c> is list (images) of list (rows) of list (values) of float, the matrices list (images) of list (16
/// values). float32 as published; float64 is accepted too (the exact Arrow types are not documented).
/// </summary>
sealed record RgbdColumns(DataField Depth, DataField Pose, DataField IntrinsicColor, DataField IntrinsicDepth)
{
    /// <summary>The four leaves, or null when the shard has none of the columns; some but not all is an error.</summary>
    public static RgbdColumns? Resolve(IReadOnlyDictionary<string, Field> top, string path)
    {
        var present = BenchColumns.Rgbd.Where(top.ContainsKey).ToList();
        if (present.Count == 0) return null;
        if (present.Count < BenchColumns.Rgbd.Count)
            throw new SparException($"{path}: has {string.Join(", ", present)} but not {string.Join(", ", BenchColumns.Rgbd.Except(present))}; an RGBD benchmark has all four RGBD columns");
        return new RgbdColumns(LeafOf(top, BenchColumns.Depth, 3, path), LeafOf(top, BenchColumns.Pose, 2, path),
            LeafOf(top, BenchColumns.IntrinsicColor, 2, path), LeafOf(top, BenchColumns.IntrinsicDepth, 2, path));
    }

    static DataField LeafOf(IReadOnlyDictionary<string, Field> top, string name, int lists, string path)
    {
        var expected = string.Concat(Enumerable.Repeat("list<", lists)) + "float" + new string('>', lists);
        var field = top[name];
        for (int i = 0; i < lists; i++)
            field = field is ListField l ? l.Item : throw new SparException($"{path}: column '{name}' is not {expected}");
        if (field is not DataField leaf || (leaf.ClrType != typeof(float) && leaf.ClrType != typeof(double)) || leaf.MaxRepetitionLevel != lists)
            throw new SparException($"{path}: column '{name}' is not {expected}");
        return leaf;
    }

    public async ValueTask<BenchRgbd[]> Read(ParquetRowGroupReader group, int rows, long[] ids, string file)
    {
        var depth = await ReadLeaf(group, Depth);
        var pose = await ReadLeaf(group, Pose);
        var color = await ReadLeaf(group, IntrinsicColor);
        var depthK = await ReadLeaf(group, IntrinsicDepth);
        var depths = Depths(depth, rows, ids, file);
        var poses = Matrices(pose, BenchColumns.Pose, rows, ids, file);
        var colors = Matrices(color, BenchColumns.IntrinsicColor, rows, ids, file);
        var depthKs = Matrices(depthK, BenchColumns.IntrinsicDepth, rows, ids, file);
        var result = new BenchRgbd[rows];
        for (int r = 0; r < rows; r++) result[r] = new BenchRgbd(depths[r], poses[r], colors[r], depthKs[r]);
        return result;
    }

    sealed record Leaf(float[] Values, int[] Definition, int[] Repetition, int MaxDefinition);

    static async ValueTask<Leaf> ReadLeaf(ParquetRowGroupReader group, DataField field)
    {
        var meta = group.GetMetadata(field)?.MetaData ?? throw new InvalidDataException($"no metadata for {field.Path}");
        int n = checked((int)meta.NumValues);
        var def = new int[n];
        var rep = new int[n];
        float[] values;
        if (field.ClrType == typeof(float))
        {
            values = new float[n];
            await group.ReadRawAsync<float>(field, values.AsMemory(), def.AsMemory(), rep.AsMemory());
        }
        else
        {
            var doubles = new double[n];
            await group.ReadRawAsync<double>(field, doubles.AsMemory(), def.AsMemory(), rep.AsMemory());
            values = [.. doubles.Select(d => (float)d)];
        }
        return new Leaf(values, def, rep, field.MaxDefinitionLevel);
    }

    /// <summary>Splits the flat depth values at their repetition levels into one H×W map per image.</summary>
    static List<BenchDepth>[] Depths(Leaf leaf, int rows, long[] ids, string file)
    {
        var result = new List<BenchDepth>[rows];
        int row = -1, value = 0;
        List<float>? map = null;
        int width = 0, height = 0, x = 0;
        void Close()
        {
            if (map is null) return;
            if (x != width) throw Ragged(file, ids[row], result[row].Count);
            var m = new DepthMap(width, height, [.. map]);
            result[row].Add(new BenchDepth(() => m, null));
            map = null;
        }
        for (int i = 0; i < leaf.Repetition.Length; i++)
        {
            int rep = leaf.Repetition[i];
            if (rep == 0)
            {
                Close();
                if (++row >= rows) throw new InvalidDataException("depth column has more rows than the row group");
                result[row] = [];
            }
            if (leaf.Definition[i] < leaf.MaxDefinition)
                throw new SparException($"{file}: row id {ids[row]} has a null or empty depth map or depth row (image {result[row].Count + (map is null ? 0 : 1)})");
            if (rep <= 1) { Close(); map = new List<float>(); width = 0; height = 1; x = 0; }
            else if (rep == 2)
            {
                if (height == 1) width = x;
                else if (x != width) throw Ragged(file, ids[row], result[row].Count);
                height++;
                x = 0;
            }
            map!.Add(leaf.Values[value++]);
            x++;
            if (height == 1) width = x;
        }
        if (row >= 0) Close();
        if (row != rows - 1) throw new InvalidDataException($"depth column has {row + 1} rows, the row group {rows}");
        return result;
    }

    static SparException Ragged(string file, long id, int image) =>
        new($"{file}: row id {id}: depth map {image} has rows of different lengths (expected H rows of W values)");

    static List<float[]>[] Matrices(Leaf leaf, string name, int rows, long[] ids, string file)
    {
        var result = new List<float[]>[rows];
        int row = -1, value = 0;
        List<float>? current = null;
        for (int i = 0; i < leaf.Repetition.Length; i++)
        {
            int rep = leaf.Repetition[i];
            if (rep == 0)
            {
                if (current is not null) result[row].Add([.. current]);
                current = null;
                if (++row >= rows) throw new InvalidDataException($"{name} column has more rows than the row group");
                result[row] = [];
            }
            if (leaf.Definition[i] < leaf.MaxDefinition)
                throw new SparException($"{file}: row id {ids[row]} has a null or empty {name}");
            if (rep <= 1)
            {
                if (current is not null) result[row].Add([.. current]);
                current = [];
            }
            current!.Add(leaf.Values[value++]);
        }
        if (current is not null) result[row].Add([.. current]);
        if (row != rows - 1) throw new InvalidDataException($"{name} column has {row + 1} rows, the row group {rows}");
        return result;
    }
}
