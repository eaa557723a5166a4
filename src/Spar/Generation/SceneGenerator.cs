using System.Buffers;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using Spar.Analysis;
using Spar.Catalog;
using Spar.Dataset;
using Spar.Scenes;
using Spar.Tasks;
using Spar.Determinism;

namespace Spar.Generation;

/// <summary>Run-wide time counters (thread-safe) for the cost split reported by the manifest and the benchmark.</summary>
public sealed class StageTimes
{
    long _load, _generate, _serialize, _write, _records;
    public TimeSpan SceneLoad => Ticks(_load);
    /// <summary>Candidate sampling and templating including the lazy frame analyses it triggers.</summary>
    public TimeSpan Generate => Ticks(_generate);
    public TimeSpan Serialize => Ticks(_serialize);
    public TimeSpan Write => Ticks(_write);
    public long Records => Interlocked.Read(ref _records);
    static TimeSpan Ticks(long t) => Stopwatch.GetElapsedTime(0, t);
    internal void AddLoad(long t) => Interlocked.Add(ref _load, t);
    internal void AddGenerate(long t) => Interlocked.Add(ref _generate, t);
    internal void AddSerialize(long t) => Interlocked.Add(ref _serialize, t);
    internal void AddWrite(long t) => Interlocked.Add(ref _write, t);
    internal void AddRecords(long n) => Interlocked.Add(ref _records, n);
}

/// <summary>
/// Generates one scene: every selected (type, format) stream with its own random generator seeded from
/// (seed, scene id, type, format), sharing the scene's frame analyses. Pure apart from reading the scene's files.
/// </summary>
public sealed class SceneGenerator(GenerateOptions options, AnalysisCounters analysisCounters, StageTimes times)
{
    readonly IReadOnlyList<(TaskGenerator Generator, QaFormat Format)> _streams = options.Streams();

    public sealed record Result(Scene Scene, SceneSummary Summary, byte[] RecordLines, IReadOnlyList<string> UsedFiles);

    /// <param name="letterRank">The scene's rank among the run's scenes (<see cref="SceneLetterRanks.Of"/>), for the
    /// letters of one-per-scene streams.</param>
    public Result Generate(SceneInput input, int letterRank)
    {
        long t0 = Stopwatch.GetTimestamp();
        var sceneJson = SceneJsonReader.ReadBytes(input.SceneJsonPath); // parsed and hashed from one read
        var scene = SceneJsonReader.Parse(sceneJson, input.SceneJsonPath).Scene;
        if (scene.Id != input.SceneId)
            throw new Util.SparException($"{input.SceneJsonPath}: scene id '{scene.Id}' differs from its folder name '{input.SceneId}' (image paths are relative to the folder above it)");
        long t1 = Stopwatch.GetTimestamp();
        times.AddLoad(t1 - t0);

        var analysis = new SceneAnalysis(scene, input.ImagesRoot, new FrameAnalyzer(options.Analysis, analysisCounters), options.FramesPerScene);
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var rejects = new SortedDictionary<string, long>(StringComparer.Ordinal);
        var emitted = new List<(string Type, string Format, QaRecord Record)>();
        var noVideo = SourceFacts.NoVideoReason(scene.Source);
        foreach (var (gen, format) in _streams)
        {
            var formatName = format.FolderName();
            if (noVideo != null && gen.Info.View == ViewKind.Video)
            {
                // Rejected as a whole, once per scene and stream, with the source's reason rather than per attempt.
                rejects[gen.Type + "/" + formatName + "/" + noVideo] = 1;
                continue;
            }
            var ctx = new StreamContext(analysis, gen.Type, format, Rng.ForRecords(options.Seed, scene.Id, gen.Type, formatName), options.TaskSettings,
                gen.OnePerScene ? SceneLetterRanks.Offset(letterRank, options.Seed, gen.Type, formatName) : null);
            var keys = new HashSet<string>(StringComparer.Ordinal);
            var prior = new AnswerPrior(format, options.TaskSettings.MaxAnswerShare);
            int maxAttempts = options.PerScene * options.AttemptsPerRecord;
            string stream = gen.Type + "/" + formatName;
            for (int attempt = 0; attempt < maxAttempts && ctx.Emitted < options.PerScene; attempt++)
            {
                var c = gen.Propose(ctx);
                string? reason = c.Record == null ? c.RejectReason ?? "rejected"
                    : !prior.Allows(c.Record, ctx.Emitted) ? "answer-prior"
                    : keys.Add(c.Key!) ? null : "duplicate";
                if (reason != null)
                {
                    rejects[stream + "/" + reason] = rejects.GetValueOrDefault(stream + "/" + reason) + 1;
                    continue;
                }
                // Unique within the scene across every type and format, so ids join predictions and drawings unambiguously.
                c.Record!.Id = $"{scene.Id}_{emitted.Count}";
                emitted.Add((gen.Type, formatName, c.Record));
                prior.Add(c.Record);
                ctx.Emitted++;
                if (ctx.Emitted < options.PerScene && !gen.CanEmitMore(ctx, keys)) break; // only rejections would follow
            }
            if (ctx.Emitted > 0) counts[stream] = ctx.Emitted;
        }
        long t2 = Stopwatch.GetTimestamp();
        times.AddGenerate(t2 - t1);

        var lines = Serialize(emitted);
        times.AddSerialize(Stopwatch.GetTimestamp() - t2);
        times.AddRecords(emitted.Count);

        var used = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var (_, _, r) in emitted)
        {
            foreach (var p in r.Image) used.Add(p);
            if (r.Depth != null) foreach (var p in r.Depth) used.Add(p);
        }
        var summary = new SceneSummary
        {
            SceneId = scene.Id, Source = scene.Source, Split = options.SplitOf(scene.Id),
            Frames = scene.Frames.Count, FramesAnalysed = analysis.Computed, Counts = counts, Rejects = rejects,
            SceneJsonHash = SceneInputs.ContentHash(sceneJson), LetterRank = letterRank,
        };
        return new Result(scene, summary, lines, used.ToList());
    }

    static byte[] Serialize(List<(string Type, string Format, QaRecord Record)> emitted)
    {
        var buffer = new ArrayBufferWriter<byte>(Math.Max(1024, emitted.Count * 700));
        using var json = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = SparJson.Options.Encoder, SkipValidation = true });
        foreach (var (type, format, record) in emitted)
        {
            WriteAscii(buffer, type);
            buffer.Write("\t"u8);
            WriteAscii(buffer, format);
            buffer.Write("\t"u8);
            SparJson.WriteRecord(json, record);
            json.Flush();
            json.Reset();
            buffer.Write("\n"u8);
        }
        return buffer.WrittenSpan.ToArray();
    }

    static void WriteAscii(ArrayBufferWriter<byte> buffer, string s)
    {
        var span = buffer.GetSpan(s.Length);
        int n = Encoding.UTF8.GetBytes(s, span);
        buffer.Advance(n);
    }
}
