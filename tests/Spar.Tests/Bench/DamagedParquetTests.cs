using System.Buffers.Binary;
using Spar.Bench;
using Spar.Bench.Data;
using Spar.Tests.Cli;
using Spar.Util;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench;

/// <summary>
/// A damaged parquet benchmark (issue 13, defect 3): whatever the damage — a truncation, flipped bytes in the footer,
/// a wrong footer length — reading it is either correct or <c>FILE: not a readable parquet file (…)</c> (a
/// <see cref="SparException"/>, exit 2 in the CLI), never a Thrift, schema or range exception. The variants come from
/// fixed seeds, so a failure names a reproducible file.
/// </summary>
public sealed class DamagedParquetTests
{
    /// <summary>A valid benchmark of 3 row groups, built once.</summary>
    static readonly Lazy<byte[]> Valid = new(() =>
    {
        var items = Enumerable.Range(0, 9).Select(i => Item(i, i % 2 == 0 ? "depth_prediction_oc" : "obj_count", $"Q{i}", $"{i}.5", Jpeg, Png)).ToList();
        var path = Path.Combine(Path.GetTempPath(), $"spar-valid-{Guid.NewGuid():N}.parquet");
        try
        {
            ParquetBenchWriter.Write(path, items, rowGroupRows: 3);
            return File.ReadAllBytes(path);
        }
        finally { File.Delete(path); }
    });

    public enum Damage { Truncate, FlipFooterBytes, FooterLength, ZeroFooterRange, FlipAnyBytes }

    static IEnumerable<(Damage, int)> All() =>
        Enum.GetValues<Damage>().SelectMany(damage => Enumerable.Range(0, 60).Select(seed => (damage, seed)));

    public static TheoryData<Damage, int> Variants() => [.. All()];

    /// <summary>The damaged bytes of one variant: a pure function of (damage, seed).</summary>
    static byte[] Damaged(Damage damage, int seed)
    {
        var valid = Valid.Value;
        var random = new Random(seed * 31 + (int)damage);
        int footerLength = BinaryPrimitives.ReadInt32LittleEndian(valid.AsSpan(valid.Length - 8));
        int footerStart = valid.Length - 8 - footerLength;
        var bytes = (byte[])valid.Clone();
        switch (damage)
        {
            case Damage.Truncate:
                // Mostly cuts inside the footer, some anywhere.
                int keep = seed % 3 == 0 ? random.Next(0, valid.Length) : random.Next(footerStart, valid.Length);
                return valid[..keep];
            case Damage.FlipFooterBytes:
                for (int k = random.Next(1, 6); k > 0; k--) bytes[random.Next(footerStart, valid.Length - 8)] ^= (byte)random.Next(1, 256);
                return bytes;
            case Damage.FooterLength:
                int bad = (seed % 4) switch
                {
                    0 => random.Next(int.MinValue, 0),
                    1 => random.Next(valid.Length, int.MaxValue),
                    2 => footerLength + random.Next(-40, 41) is var l && l != footerLength ? l : footerLength + 1,
                    _ => random.Next(0, 16),
                };
                BinaryPrimitives.WriteInt32LittleEndian(bytes.AsSpan(valid.Length - 8), bad);
                return bytes;
            case Damage.ZeroFooterRange:
                int from = random.Next(footerStart, valid.Length - 8);
                bytes.AsSpan(from, Math.Min(random.Next(1, 64), valid.Length - 8 - from)).Clear();
                return bytes;
            default:
                for (int k = random.Next(1, 10); k > 0; k--) bytes[random.Next(0, valid.Length)] ^= (byte)random.Next(1, 256);
                return bytes;
        }
    }

    [Theory]
    [MemberData(nameof(Variants))]
    public void A_damaged_parquet_reads_correctly_or_is_a_clear_error_naming_it(Damage damage, int seed)
    {
        using var dir = new TestPaths.TempDir();
        var path = dir[$"bench-{damage}-{seed}.parquet"];
        File.WriteAllBytes(path, Damaged(damage, seed));
        var source = BenchSource.Open(path);

        foreach (var read in new Action[] { () => source.Items().Select(i => i.Images.Sum(im => im.Bytes().Length)).ToList(), () => BenchAnswers.Of(source).ToList() })
        {
            try { read(); }
            catch (SparException e) { Assert.StartsWith(path + ": ", e.Message); }
        }
    }

    [Fact]
    public void The_variants_do_damage_the_file()
    {
        // Guards the theory above against vacuity: most variants must actually be refused.
        int refused = 0, total = 0;
        foreach (var (damage, seed) in All())
        {
            using var dir = new TestPaths.TempDir();
            var path = dir["b.parquet"];
            File.WriteAllBytes(path, Damaged(damage, seed));
            total++;
            try { BenchAnswers.Of(BenchSource.Open(path)).ToList(); }
            catch (Exception) { refused++; }
        }
        Assert.True(refused > total / 2, $"only {refused} of {total} damaged files were refused");
    }

    [Theory]
    [InlineData("score")]
    [InlineData("run")]
    public void Bench_score_and_run_exit_2_with_the_file_named(string command)
    {
        using var dir = new TestPaths.TempDir();
        var path = dir["bench.parquet"];
        File.WriteAllBytes(path, Damaged(Damage.FlipFooterBytes, 3));
        File.WriteAllText(dir["p.jsonl"], "{\"id\":0,\"task\":\"depth_prediction_oc\",\"prediction\":\"1\"}\n");
        string[] args = command == "score"
            ? ["bench", "score", path, dir["p.jsonl"], "--partial"]
            : ["bench", "run", path, "--model", "random", "--out", dir["out.jsonl"]];

        var (exit, _, err) = CliRunner.Run(args);

        Assert.Equal(2, exit);
        Assert.StartsWith($"error: {path}: not a readable parquet file (", err);
    }
}
