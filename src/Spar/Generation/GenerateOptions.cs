using System.Globalization;
using System.Text;
using Spar.Analysis;
using Spar.Catalog;
using Spar.Tasks;
using Spar.Util;
using Spar.Determinism;

namespace Spar.Generation;

/// <summary>How used images reach <c>&lt;out&gt;/&lt;source&gt;/images</c> when the scenes live elsewhere.</summary>
public enum ImageMode { Link, Copy, None }

/// <summary>
/// A shard: this run processes shard <see cref="Index"/> of <see cref="Count"/> (1-based) of the scene list. The one owner
/// of shard assignment, for <c>spar generate --shard</c> and <c>spar import … --shard</c> alike (<see cref="Select"/>).
/// </summary>
public readonly record struct ShardSpec(int Index, int Count)
{
    public static readonly ShardSpec Whole = new(1, 1);
    public bool IsWhole => Count == 1;

    public static ShardSpec Parse(string text)
    {
        var parts = text.Split('/');
        if (parts.Length == 2 && int.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var k)
            && int.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n >= 1 && k >= 1 && k <= n)
            return new ShardSpec(k, n);
        throw new SparException($"--shard '{text}': expected K/N with 1 ≤ K ≤ N, e.g. 2/8");
    }

    /// <summary>
    /// This shard's part of <paramref name="all"/> (in <paramref name="all"/>'s order). The distinct scene ids of the whole
    /// list are ranked by their stable hash (independent of the split hash; ties by ordinal id), and shard K of N takes
    /// the ranks in [⌊(K−1)·M/N⌋, ⌊K·M/N⌋) of M ids: the shards are disjoint, cover the list, and differ in size by at
    /// most one scene. Hashing each id on its own into N buckets (spar before issue 25) put 7 of 16 scenes in one of 4
    /// shards. The assignment depends on the whole list, so every shard of a run must see the same list:
    /// <see cref="Roster"/> names it, and merge refuses shards whose rosters differ.
    /// </summary>
    public List<T> Select<T>(IReadOnlyList<T> all, Func<T, string> sceneId)
    {
        if (IsWhole) return [.. all];
        var ranked = Ranked(all.Select(sceneId));
        int lo = (int)((long)(Index - 1) * ranked.Count / Count), hi = (int)((long)Index * ranked.Count / Count);
        var mine = new HashSet<string>(ranked.Skip(lo).Take(hi - lo), StringComparer.Ordinal);
        return all.Where(s => mine.Contains(sceneId(s))).ToList();
    }

    /// <summary>A name of the scene list the shards were assigned from: a stable hash of its distinct ids (16 hex digits).</summary>
    public static string Roster(IEnumerable<string> sceneIds) =>
        StableHash.Of([.. sceneIds.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)]).ToString("x16", CultureInfo.InvariantCulture);

    /// <summary>The distinct ids ranked as <see cref="Select"/> ranks them (also the order of <see cref="SceneLetterRanks"/>).</summary>
    internal static List<string> Ranked(IEnumerable<string> sceneIds) =>
        sceneIds.Distinct(StringComparer.Ordinal).Select(id => (Id: id, Hash: StableHash.Of("shard", id)))
            .OrderBy(e => e.Hash).ThenBy(e => e.Id, StringComparer.Ordinal).Select(e => e.Id).ToList();

    public override string ToString() => $"{Index}/{Count}";
}

/// <summary>Everything <c>spar generate</c> takes. Defaults follow generation.md §6.</summary>
public sealed record GenerateOptions
{
    /// <summary>Scene folders (holding scene.json) or folders searched recursively for scene.json.</summary>
    public required IReadOnlyList<string> Scenes { get; init; }
    public required string Out { get; init; }
    /// <summary>Task types to generate (default: every registered generator).</summary>
    public IReadOnlyList<string>? Tasks { get; init; }
    /// <summary>Formats to generate (default: every format of each task).</summary>
    public IReadOnlyList<QaFormat>? Formats { get; init; }
    public long Seed { get; init; }
    /// <summary>Records per scene per type × format (at most).</summary>
    public int PerScene { get; init; } = 40;
    /// <summary>At most this many records per output file (source × split × type × format); 0 = no cap.</summary>
    public long Cap { get; init; }
    public double ValFraction { get; init; } = 0.1;
    public ShardSpec Shard { get; init; } = ShardSpec.Whole;
    public int Threads { get; init; } = Environment.ProcessorCount;
    public ImageMode Images { get; init; } = ImageMode.Link;
    /// <summary>Frames per scene that questions are asked on (0 = all usable frames); each is analysed once.</summary>
    public int FramesPerScene { get; init; } = 32;
    /// <summary>Attempts per wanted record before a stream gives up on a scene.</summary>
    public int AttemptsPerRecord { get; init; } = 8;
    public AnalysisSettings Analysis { get; init; } = AnalysisSettings.Default;
    public TaskSettings TaskSettings { get; init; } = TaskSettings.Default;

    /// <summary>The generators and formats this run writes, in catalogue order; unknown names are an error.</summary>
    public IReadOnlyList<(TaskGenerator Generator, QaFormat Format)> Streams()
    {
        IEnumerable<TaskGenerator> gens;
        if (Tasks is { Count: > 0 })
        {
            foreach (var t in Tasks)
                if (!TaskRegistry.TryGet(t, out _))
                    throw new SparException(TaskCatalog.TryGet(t, out _)
                        ? $"--tasks: '{t}' has no generator in this version (available: {string.Join(", ", TaskRegistry.InCatalogOrder().Select(g => g.Type))})"
                        : $"--tasks: unknown task type '{t}'");
            gens = TaskRegistry.InCatalogOrder().Where(g => Tasks.Contains(g.Type));
            // A task asked for by name that cannot be written in any asked-for format is a mistake to say, not to skip.
            if (Formats is { Count: > 0 })
                foreach (var g in gens)
                    if (!g.Formats.Any(Formats.Contains))
                        throw new SparException($"--tasks {g.Type} has none of the --formats {string.Join(", ", Formats.Select(f => f.FolderName()))} " +
                                                $"(its formats: {string.Join(", ", g.Formats.Select(f => f.FolderName()))})");
        }
        else gens = TaskRegistry.InCatalogOrder();
        var result = new List<(TaskGenerator, QaFormat)>();
        foreach (var g in gens)
        foreach (var f in g.Formats)
            if (Formats is not { Count: > 0 } || Formats.Contains(f)) result.Add((g, f));
        if (result.Count == 0) throw new SparException("nothing to generate: no selected task has any of the selected formats");
        return result;
    }

    /// <summary>The settings that decide the records' bytes (not threads, shard, inputs or image mode), as stable text.</summary>
    public string Fingerprint()
    {
        var sb = new StringBuilder();
        sb.Append("generator=").Append(GeneratorVersion.Value).Append('\n');
        sb.Append("seed=").Append(Seed.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("per_scene=").Append(PerScene.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("cap=").Append(Cap.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("val_fraction=").Append(ValFraction.ToString("R", CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("frames_per_scene=").Append(FramesPerScene.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("attempts_per_record=").Append(AttemptsPerRecord.ToString(CultureInfo.InvariantCulture)).Append('\n');
        sb.Append("streams=").Append(string.Join(",", Streams().Select(s => s.Generator.Type + "/" + s.Format.FolderName()))).Append('\n');
        sb.Append("analysis=").Append(Analysis).Append('\n');
        sb.Append("relations=").Append(TaskSettings.Relations).Append('\n');
        sb.Append("distractors=").Append(TaskSettings.Distractors).Append('\n');
        sb.Append("tasks=").Append(TaskSettings with { Relations = RelationSettings.Default, Distractors = DistractorSettings.Default }).Append('\n');
        return sb.ToString();
    }

    public string FingerprintHash => StableHash.Of(Fingerprint()).ToString("x16", CultureInfo.InvariantCulture);

    public void Check()
    {
        if (PerScene < 1) throw new SparException($"--per-scene {PerScene}: must be at least 1");
        if (FramesPerScene < 0) throw new SparException($"--frames-per-scene {FramesPerScene}: must be 0 (all) or positive");
        if (Cap < 0) throw new SparException($"--cap {Cap}: must be 0 (no cap) or positive");
        if (!(ValFraction >= 0 && ValFraction <= 1)) throw new SparException($"--val-fraction {ValFraction}: must be between 0 and 1");
        if (Threads < 1) throw new SparException($"--threads {Threads}: must be at least 1");
        if (!(TaskSettings.Relations.MarginMeters >= 0) || !(TaskSettings.Relations.MarginDegrees >= 0))
            throw new SparException($"--margin {TaskSettings.Relations.MarginMeters} / --margin-degrees {TaskSettings.Relations.MarginDegrees}: must be 0 (off) or positive");
        if (Scenes.Count == 0) throw new SparException("--scenes: give at least one scene folder");
    }

    /// <summary>val when the scene id's stable hash falls under the val fraction (generation.md §6).</summary>
    public string SplitOf(string sceneId) => StableHash.Unit(StableHash.Of("split", sceneId)) < ValFraction ? "val" : "train";
}

/// <summary>Bumped whenever generated bytes change for the same inputs and settings (parts of older runs are not reused).</summary>
public static class GeneratorVersion
{
    public const string Value = "spar-gen-2";
}
