using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Spar.Tests.Dataset;

namespace Spar.Tests.Cli;

/// <summary>
/// Issue 13's bad-input corpus as one data-driven test: each case writes its inputs under a fresh temp folder's <c>in/</c>
/// (generated here, no committed blobs), runs a real command in-process and checks what a user must be able to rely on:
/// the documented exit code (never an unhandled exception), the offending file (and line) named, no .NET stack trace or
/// exception type name, and every input file byte-for-byte unchanged (docs/guarantees.md, "Bad input").
/// </summary>
public sealed partial class BadInputCorpusTests
{
    const string FaultsData = "depends on faults-data (exit codes and messages)";
    const string Task = "distance_prediction_oc";

    /// <param name="Exit">The exit code the command must return.</param>
    /// <param name="Arrange">Writes the inputs and returns the command line.</param>
    /// <param name="Named">Texts the output must contain (paths are under the case's folder: "{in}/…").</param>
    sealed record Case(string Name, int Exit, Func<Env, string[]> Arrange, string[] Named, string? Skip = null);

    /// <summary>A case's folder: inputs under <c>in/</c>, outputs under <c>out/</c>.</summary>
    sealed class Env : IDisposable
    {
        readonly TestPaths.TempDir _dir = new();
        public string In(string rel = "") => Path.Combine(_dir.Path, "in", rel);
        public string Out(string rel = "") => Path.Combine(_dir.Path, "out", rel);
        public string Root => _dir.Path;

        public string Write(string rel, string text) => WriteBytes(rel, Encoding.UTF8.GetBytes(text));

        public string WriteBytes(string rel, byte[] bytes)
        {
            var path = In(rel);
            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            File.WriteAllBytes(path, bytes);
            return path;
        }

        static readonly byte[] Jpeg = File.ReadAllBytes(Path.Combine(TestPaths.RepoRoot, "tests/Spar.Tests/Drawing/Fixtures/pil_photo.q75.jpg"));

        /// <summary>A valid SPAR-7M tree in <c>in/spar</c>: one JPEG and, in train and val, <c>fill_2.jsonl</c> = a good record
        /// and <paramref name="second"/> (line 2).</summary>
        public string Tree(byte[] second)
        {
            WriteBytes("spar/scannet/images/s/0.jpg", Jpeg);
            var good = Encoding.UTF8.GetBytes(Record("good", "s/0.jpg") + "\n");
            foreach (var split in new[] { "train", "val" })
                WriteBytes($"spar/scannet/qa_jsonl/{split}/{Task}/fill/fill_2.jsonl", [.. good, .. second]);
            return In($"spar/scannet/qa_jsonl/train/{Task}/fill/fill_2.jsonl");
        }

        /// <summary>A folder benchmark in <c>in/bench</c> with two rows (bench.jsonl, images/).</summary>
        public string Bench(string? extraLine = null)
        {
            WriteBytes("bench/images/0_0.jpg", Jpeg);
            var rows = Enumerable.Range(0, 2).Select(i =>
                $$"""{"id":{{i}},"img_type":"single_view","format_type":"fill","task":"{{Task}}","source":"scannet","image":["images/0_0.jpg"],"question":"How far?","answer":"2.{{i}}"}""");
            Write("bench/bench.jsonl", string.Join("\n", rows) + "\n" + (extraLine ?? ""));
            return In("bench");
        }

        public static string Prediction(int id, string answer) =>
            $$"""{"id":{{id}},"task":"{{Task}}","prediction":"{{answer}}","status":"ok","error":null,"model":"m","endpoint":null,"latency_ms":0,"attempts":1}""";

        public void Dispose() => _dir.Dispose();
    }

    static string Record(string id, string image) =>
        TreeBuilder.Record(id, Task, "How far?", "2", [image], "\"red_point\": [[500, 500]]");

    /// <summary>Classes of bad record line, each tried on every command that reads records. <c>Unparseable</c>: not JSON at
    /// all (the only thing <c>index --validate</c> checks, as the official tool does); <c>Clamped</c>: drawn with a warning
    /// (the loader clamps markers to the grid), an error only for validate.</summary>
    static readonly (string Name, byte[] Line, bool Unparseable, bool Clamped)[] BadLines =
    [
        ("invalid-json", "{\"id\": \"x\", \n"u8.ToArray(), true, false),
        ("truncated-last-line", Encoding.UTF8.GetBytes(Record("cut", "s/0.jpg")[..40]), true, false),
        ("binary-garbage", [0x00, 0xFF, 0xFE, 0x01, 0x89, 0x50, 0x4E, 0x47, 0x0A], true, false),
        ("not-an-object", "[1, 2, 3]\n"u8.ToArray(), false, false),
        ("image-not-a-list", Encoding.UTF8.GetBytes(Record("t", "s/0.jpg").Replace("[\"s/0.jpg\"]", "\"s/0.jpg\"") + "\n"), false, false),
        ("lone-surrogate", Encoding.UTF8.GetBytes(Record("u", "s/0.jpg").Replace("How far?", "How \\ud800 far?") + "\n"), false, false),
        ("invalid-utf8", [.. Encoding.UTF8.GetBytes(Record("v", "s/0.jpg").Replace("How far?", "How ")), 0xC3, 0x28, (byte)'\n'], true, false),
        ("deep-nesting", Encoding.UTF8.GetBytes("{\"id\": " + new string('[', 5000) + new string(']', 5000) + "}\n"), true, false),
        ("infinite-coordinate", Encoding.UTF8.GetBytes(Record("w", "s/0.jpg").Replace("[[500, 500]]", "[[1e999, 500]]") + "\n"), false, true),
        ("missing-image", Encoding.UTF8.GetBytes(Record("m", "s/missing.jpg") + "\n"), false, false),
        ("path-out-of-root", Encoding.UTF8.GetBytes(Record("o", "../../../../outside.jpg") + "\n"), false, false),
    ];

    /// <summary>The record commands: exit code, and the skip reason when another branch owns the fix.</summary>
    static readonly (string Command, Func<Env, string, string[]> Args, int Exit, Func<string, string?> Skip)[] RecordCommands =
    [
        ("validate", (e, f) => ["validate", e.In("spar")], 1, _ => null),
        ("index", (e, f) => ["index", e.In("spar"), "--validate", "--out", e.Out("dj")], 1, _ => null),
        ("stats", (e, f) => ["stats", e.In("spar")], 1, _ => FaultsData),
        ("draw", (e, f) => ["draw", f, "--images-root", e.In("spar/scannet/images"), "--out", e.Out("d")], 1, _ => null),
        ("show", (e, f) => ["show", e.In("spar"), "--out", e.Out("g")], 1, _ => null),
        ("export", (e, f) => ["export", e.In("spar"), "--to", "llava", "--out", e.Out("x"), "--burn-markers"], 1, _ => null),
        ("bench-build", (e, f) => ["bench", "build", e.In("spar"), "--out", e.Out("b"), "--per-task", "5", "--tiny", "0"], 1, _ => FaultsData),
        ("audit", (e, f) => ["audit", e.In("spar"), "--out", e.Out("a")], 1, _ => null),
    ];

    static IEnumerable<Case> Cases()
    {
        foreach (var (line, bytes, unparseable, clamped) in BadLines)
        foreach (var (command, args, exit, skip) in RecordCommands)
        {
            if (command == "index" && !unparseable) continue;   // valid JSON is a line the official index counts
            // audit reads records, not files: a record with a missing or outside image (validate's checks) is audited as it is.
            if (command == "audit" && line is "infinite-coordinate" or "missing-image" or "path-out-of-root") continue;
            int expected = clamped && command is "draw" or "show" or "export" ? 0 : exit;
            yield return new Case($"{command}/{line}", expected, e =>
            {
                var file = e.Tree(bytes);
                if (line == "path-out-of-root") e.WriteBytes("../outside.jpg", File.ReadAllBytes(e.In("spar/scannet/images/s/0.jpg")));
                return args(e, file);
            }, [command == "bench-build" ? "{in}/spar/scannet/qa_jsonl/val/" + Task + "/fill/fill_2.jsonl:2" : "fill_2.jsonl:2"], skip(line));
        }
        foreach (var c in OtherCases()) yield return c;
    }

    static IEnumerable<Case> OtherCases()
    {
        const string index = """{"scannet_x_fill": {"root": "spar/scannet/images", "annotation": "spar/scannet/a.jsonl", "repeat_time": 1, "length": LENGTH}}""";
        string[] Mix(Env e, string text)
        {
            e.Write("dj/scannet_0k.json", text);
            return ["mix", "--index-dir", e.In("dj"), "--ratio", "scannet_0k=1"];
        }
        yield return new("mix/index-invalid-json", 2, e => Mix(e, "{\"a\": "), ["{in}/dj/scannet_0k.json"]);
        yield return new("mix/index-integer-beyond-64-bits", 2, e => Mix(e, index.Replace("LENGTH", "1" + new string('0', 30))), ["{in}/dj/scannet_0k.json", "scannet_x_fill.length"]);
        yield return new("mix/index-not-an-object", 2, e => Mix(e, "[1]"), ["{in}/dj/scannet_0k.json"]);
        yield return new("mix/index-length-a-string", 2, e => Mix(e, index.Replace("LENGTH", "\"30\"")), ["{in}/dj/scannet_0k.json", "length"]);
        yield return new("mix/index-binary", 2, e => { e.WriteBytes("dj/scannet_0k.json", [0, 1, 2, 0xFF]); return ["mix", "--index-dir", e.In("dj"), "--ratio", "scannet_0k=1"]; }, ["{in}/dj/scannet_0k.json"]);
        yield return new("mix/config-invalid-json", 2, e => { e.Write("dj/scannet_0k.json", index.Replace("LENGTH", "3")); e.Write("mix.json", "{"); return ["mix", "--index-dir", e.In("dj"), "--config", e.In("mix.json")]; }, ["{in}/mix.json"]);
        yield return new("mix/config-huge-ratio", 2, e => { e.Write("dj/scannet_0k.json", index.Replace("LENGTH", "3")); e.Write("mix.json", "{\"mix_ratios\": {\"scannet_0k\": 99999999999999999999999}}"); return ["mix", "--index-dir", e.In("dj"), "--config", e.In("mix.json")]; }, ["{in}/mix.json", "mix_ratios.scannet_0k"]);
        yield return new("mix/index-dir-missing", 2, e => ["mix", "--index-dir", e.In("nope")], ["{in}/nope"]);

        string[] ExportIndex(Env e, string text)
        {
            e.Tree(Encoding.UTF8.GetBytes(Record("g2", "s/0.jpg") + "\n"));
            e.Write("index.json", text);
            return ["export", e.In("spar"), "--to", "llava", "--out", e.Out("x"), "--index", e.In("index.json")];
        }
        yield return new("export-index/invalid-json", 2, e => ExportIndex(e, "{\"a\":"), ["{in}/index.json"]);
        yield return new("export-index/not-an-object", 2, e => ExportIndex(e, "[]"), ["{in}/index.json"]);
        yield return new("export-index/annotation-etc-passwd", 1, e => ExportIndex(e, """{"a": {"root": "spar/scannet/images", "annotation": "/etc/passwd"}}"""), ["{in}/index.json", "/etc/passwd"]);
        yield return new("export-index/annotation-dot-dot", 1, e => ExportIndex(e, """{"a": {"root": "spar/scannet/images", "annotation": "../../../../../etc/hostname"}}"""), ["{in}/index.json", "etc/hostname"]);
        yield return new("export-index/annotation-missing", 1, e => ExportIndex(e, """{"a": {"root": "spar/scannet/images", "annotation": "spar/none.jsonl"}}"""), ["{in}/spar/none.jsonl"]);
        yield return new("export-index/repeat-time-a-string", 2, e => ExportIndex(e, """{"a": {"root": "spar/scannet/images", "annotation": "spar/x.jsonl", "repeat_time": "2"}}"""), ["{in}/index.json", "repeat_time"]);
        yield return new("export-index/index-missing", 2, e => ExportIndex(e, "{}").Select(a => a.Replace("index.json", "gone.json")).ToArray(), ["{in}/gone.json"]);

        string[] Score(Env e, string predictions, string name = "p.jsonl")
        {
            e.Bench();
            return ["bench", "score", e.In("bench"), e.Write(name, predictions)];
        }
        yield return new("bench-score/prediction-invalid-json", 2, e => Score(e, Env.Prediction(0, "2") + "\n{\"id\": 1,\n"), ["{in}/p.jsonl:2"]);
        yield return new("bench-score/prediction-truncated", 2, e => Score(e, Env.Prediction(0, "2") + "\n" + Env.Prediction(1, "2")[..30]), ["{in}/p.jsonl:2"]);
        yield return new("bench-score/prediction-not-an-object", 2, e => Score(e, "[1]\n"), ["{in}/p.jsonl:1"]);
        yield return new("bench-score/prediction-id-a-string", 2, e => Score(e, Env.Prediction(0, "2").Replace("\"id\":0", "\"id\":\"zero\"") + "\n"), ["{in}/p.jsonl:1"]);
        yield return new("bench-score/prediction-id-beyond-64-bits", 2, e => Score(e, Env.Prediction(0, "2").Replace("\"id\":0", "\"id\":99999999999999999999999") + "\n"), ["{in}/p.jsonl:1"]);
        yield return new("bench-score/prediction-binary", 2, e => Score(e, "\0\u0001garbage\n"), ["{in}/p.jsonl:1"]);
        yield return new("bench-score/tsv-unterminated-quote", 2, e => Score(e, "index\tprediction\n0\t\"2.0\n", "p.tsv"), ["{in}/p.tsv:2"]);
        yield return new("bench-score/tsv-index-not-integer", 2, e => Score(e, "index\tprediction\nzero\t2.0\n", "p.tsv"), ["{in}/p.tsv:2"]);
        yield return new("bench-score/tsv-no-header-columns", 2, e => Score(e, "a\tb\n1\t2\n", "p.tsv"), ["{in}/p.tsv"]);
        yield return new("bench-score/lmms-json-garbage", 2, e => Score(e, "{\"logs\": 5}", "p.json"), ["{in}/p.json"]);
        yield return new("bench-score/bench-line-invalid", 2, e => { e.Bench("{\"id\": 2, \"task\": \n"); return ["bench", "score", e.In("bench"), e.Write("p.jsonl", Env.Prediction(0, "2") + "\n")]; }, ["{in}/bench/bench.jsonl:3"]);
        yield return new("bench-score/bench-missing", 2, e => ["bench", "score", e.In("nobench"), e.Write("p.jsonl", Env.Prediction(0, "2") + "\n")], ["{in}/nobench"]);
        yield return new("bench-score/predictions-missing", 2, e => { e.Bench(); return ["bench", "score", e.In("bench"), e.In("none.jsonl")]; }, ["{in}/none.jsonl"]);
        yield return new("bench-score/parquet-damaged-footer", 2, e => ["bench", "score", DamagedParquet(e), e.Write("p.jsonl", Env.Prediction(0, "2") + "\n")], ["{in}/b.parquet"]);

        yield return new("bench-run/bench-line-invalid", 2, e => { e.Bench("not json\n"); return ["bench", "run", e.In("bench"), "--model", "random", "--out", e.Out("p.jsonl")]; }, ["{in}/bench/bench.jsonl:3"]);
        yield return new("bench-run/out-is-a-folder", 2, e => { e.Bench(); Directory.CreateDirectory(e.Out("p.jsonl")); return ["bench", "run", e.In("bench"), "--model", "random", "--out", e.Out("p.jsonl")]; }, ["{out}/p.jsonl"]);
        yield return new("bench-run/out-holds-foreign-lines", 2, e => { e.Bench(); var p = e.Write("p.jsonl", "{\"hello\": 1}\n"); return ["bench", "run", e.In("bench"), "--model", "random", "--out", p]; }, ["{in}/p.jsonl:1"]);
        yield return new("bench-run/prior-missing", 2, e => { e.Bench(); return ["bench", "run", e.In("bench"), "--model", "blind-prior", "--prior", e.In("noprior"), "--out", e.Out("p.jsonl")]; }, ["{in}/noprior"]);
        yield return new("bench-run/parquet-damaged-footer", 2, e => ["bench", "run", DamagedParquet(e), "--model", "random", "--out", e.Out("p.jsonl")], ["{in}/b.parquet"]);

        yield return new("bench-report/run-invalid-json", 2, e => ["bench", "report", e.Write("run.json", "{\"overall\": "), "--out", e.Out("r")], ["{in}/run.json"]);
        yield return new("bench-report/run-an-array", 2, e => ["bench", "report", e.Write("run.json", "[1, 2]"), "--out", e.Out("r")], ["{in}/run.json"]);
        yield return new("bench-report/run-missing", 2, e => ["bench", "report", e.In("none.json"), "--out", e.Out("r")], ["{in}/none.json"]);
        yield return new("bench-report/run-score-a-string", 2, e => ["bench", "report", e.Write("run.json", "{\"overall\": \"high\"}"), "--out", e.Out("r")], ["{in}/run.json"]);

        yield return new("bench-build/root-not-a-tree", 2, e => { e.Write("notatree/readme.txt", "x"); return ["bench", "build", e.In("notatree"), "--out", e.Out("b")]; }, ["{in}/notatree"]);
        yield return new("bench-build/root-missing", 2, e => ["bench", "build", e.In("none"), "--out", e.Out("b")], ["{in}/none"]);

        string[] Generate(Env e, string sceneJson)
        {
            e.Write("scenes/scene0000_00/scene.json", sceneJson);
            return ["generate", "--scenes", e.In("scenes"), "--out", e.Out("g"), "-j", "1"];
        }
        yield return new("generate/scene-invalid-json", 1, e => Generate(e, "{\"scene_id\": "), ["{in}/scenes/scene0000_00/scene.json"]);
        yield return new("generate/scene-empty-object", 1, e => Generate(e, "{}"), ["{in}/scenes/scene0000_00/scene.json"]);
        yield return new("generate/scene-binary", 1, e => { e.WriteBytes("scenes/scene0000_00/scene.json", [0xFF, 0, 1]); return ["generate", "--scenes", e.In("scenes"), "--out", e.Out("g"), "-j", "1"]; }, ["{in}/scenes/scene0000_00/scene.json"]);
        yield return new("generate/scene-an-array", 1, e => Generate(e, "[]"), ["{in}/scenes/scene0000_00/scene.json"]);
        yield return new("generate/scenes-missing", 2, e => ["generate", "--scenes", e.In("none"), "--out", e.Out("g")], ["{in}/none"]);
        yield return new("generate/no-scene-json", 2, e => { e.Write("scenes/readme.txt", "x"); return ["generate", "--scenes", e.In("scenes"), "--out", e.Out("g")]; }, ["{in}/scenes"]);

        yield return new("scenes-synth/count-zero", 2, e => ["scenes", "synth", "--count", "0", "--out", e.Out("s")], ["--count"]);
        yield return new("scenes-synth/negative-width", 2, e => ["scenes", "synth", "--count", "1", "--width", "-5", "--out", e.Out("s")], ["-5×480"]);
        yield return new("scenes-synth/out-is-a-file", 2, e => ["scenes", "synth", "--count", "1", "--frames", "2", "--video-frames", "1", "--extra-views", "0", "--width", "32", "--height", "24", "--out", e.Write("file", "x")], ["{in}/file"]);

        yield return new("import-scannet/scans-missing", 2, e => ["import", "scannet", e.In("scans"), "--out", e.Out("i")], ["{in}/scans"]);
        yield return new("import-scannet/no-scene-folders", 2, e => { e.Write("scans/readme.txt", "x"); return ["import", "scannet", e.In("scans"), "--out", e.Out("i")]; }, ["{in}/scans"]);
        yield return new("import-scannet/garbage-scene", 1, e =>
        {
            e.WriteBytes("scans/scene0000_00/scene0000_00.sens", [1, 2, 3, 4, 5, 6, 7, 8]);
            e.Write("scans/scene0000_00/scene0000_00.aggregation.json", "{\"segGroups\": ");
            e.Write("scans/scene0000_00/scene0000_00.txt", "axisAlignment = 1 2 3\n");
            return ["import", "scannet", e.In("scans"), "--out", e.Out("i"), "-j", "1"];
        }, ["{in}/scans/scene0000_00"]);
        yield return new("import-scannet/labels-garbage", 2, e =>
        {
            e.Write("scans/scene0000_00/scene0000_00.txt", "axisAlignment = 1 0 0 0 0 1 0 0 0 0 1 0 0 0 0 1\n");
            return ["import", "scannet", e.In("scans"), "--out", e.Out("i"), "--labels", e.Write("labels.tsv", "\0\0garbage")];
        }, ["{in}/labels.tsv"]);

        yield return new("merge/shard-missing", 2, e => ["merge", e.In("s1"), "--out", e.Out("m")], ["{in}/s1"]);
        yield return new("merge/not-a-shard", 2, e => { e.Write("s1/readme.txt", "x"); return ["merge", e.In("s1"), "--out", e.Out("m")]; }, ["{in}/s1"]);

        yield return new("draw/records-missing", 2, e => ["draw", e.In("none.jsonl"), "--images-root", e.In(), "--out", e.Out("d")], ["{in}/none.jsonl"]);
        yield return new("show/root-not-a-tree", 2, e => { e.Write("t/readme.txt", "x"); return ["show", e.In("t"), "--out", e.Out("g")]; }, ["{in}/t"]);
        yield return new("validate/root-is-a-file", 2, e => ["validate", e.Write("file", "x")], ["{in}/file"]);
        yield return new("index/root-missing", 2, e => ["index", e.In("none"), "--out", e.Out("dj")], ["{in}/none"]);
        yield return new("validate/allow-outside-missing", 2, e => { e.Tree([]); return ["validate", e.In("spar"), "--allow-outside", e.In("none")]; }, ["{in}/none"]);
    }

    /// <summary>A parquet file whose footer length points before the start of the file.</summary>
    static string DamagedParquet(Env e)
    {
        var bytes = new byte[64];
        "PAR1"u8.CopyTo(bytes);
        BitConverter.GetBytes(int.MaxValue).CopyTo(bytes, 56);
        "PAR1"u8.CopyTo(bytes.AsSpan(60));
        return e.WriteBytes("b.parquet", bytes);
    }

    /// <summary>Cases that print the .NET JSON reader's own text ("… | LineNumber: 0 | BytePositionInLine: 13", 0-based) instead
    /// of spar's words: issue 13 defect 10, fixed on branch faults-data. Unskip them once it is merged.</summary>
    static readonly HashSet<string> RawJsonText =
    [
        "bench-report/run-invalid-json", "bench-run/bench-line-invalid", "bench-score/bench-line-invalid",
        "bench-score/prediction-binary", "bench-score/prediction-invalid-json", "bench-score/prediction-truncated",
        "draw/binary-garbage", "draw/deep-nesting", "draw/image-not-a-list", "draw/invalid-json", "draw/lone-surrogate",
        "draw/not-an-object", "draw/truncated-last-line", "export-index/invalid-json", "export/binary-garbage",
        "export/deep-nesting", "export/image-not-a-list", "export/invalid-json", "export/lone-surrogate",
        "export/not-an-object", "export/truncated-last-line", "generate/scene-binary", "generate/scene-invalid-json",
        "mix/config-invalid-json", "mix/index-binary", "mix/index-invalid-json", "show/binary-garbage",
        "show/deep-nesting", "show/image-not-a-list", "show/invalid-json", "show/lone-surrogate", "show/not-an-object",
        "show/truncated-last-line",
    ];

    static readonly Dictionary<string, Case> ByName = Cases()
        .Select(c => c.Skip is null && RawJsonText.Contains(c.Name) ? c with { Skip = FaultsData } : c)
        .ToDictionary(c => c.Name);

    public static IEnumerable<TheoryDataRow<string>> Names() =>
        ByName.Values.Select(c => new TheoryDataRow<string>(c.Name) { Skip = c.Skip });

    [Fact]
    public void The_corpus_covers_many_classes_across_commands()
    {
        Assert.True(ByName.Count >= 60, $"{ByName.Count} cases");
        Assert.True(ByName.Keys.Select(k => k.Split('/')[0]).Distinct().Count() >= 15);
    }

    [GeneratedRegex(@"^\s+at \S", RegexOptions.Multiline)]
    private static partial Regex StackFrame();

    [GeneratedRegex(@"\b(System\.|Microsoft\.)?[A-Z][A-Za-z]*Exception\b")]
    private static partial Regex ExceptionTypeName();

    [Theory]
    [MemberData(nameof(Names))]
    public void Bad_input_is_a_clear_error_and_leaves_the_input_alone(string name)
    {
        var c = ByName[name];
        using var env = new Env();
        var args = c.Arrange(env);
        Directory.CreateDirectory(env.In());
        var before = Hashes(env.In());
        int exit;
        string output, err;
        try { (exit, output, err) = CliRunner.Run(args); }
        catch (Exception e) { throw new Xunit.Sdk.XunitException($"{name}: unhandled {e.GetType().Name}: {e.Message}"); }
        var all = output + err;
        string Shown() => $"{name} (exit {exit}):\n--- stdout\n{output}\n--- stderr\n{err}";
        Assert.True(c.Exit == exit, $"expected exit {c.Exit}. {Shown()}");
        foreach (var named in c.Named)
        {
            var text = named.Replace("{in}", env.In().TrimEnd('/')).Replace("{out}", env.Out().TrimEnd('/'));
            Assert.True(all.Contains(text, StringComparison.Ordinal), $"does not name '{text}'. {Shown()}");
        }
        Assert.False(StackFrame().IsMatch(all), $"stack trace. {Shown()}");
        Assert.False(ExceptionTypeName().IsMatch(all), $".NET exception type name. {Shown()}");
        Assert.False(all.Contains("LineNumber: ", StringComparison.Ordinal) || all.Contains("BytePositionInLine", StringComparison.Ordinal),
            $"raw .NET JSON reader text (0-based positions). {Shown()}");
        Assert.Equal(before, Hashes(env.In()));
    }

    /// <summary>Every file under the inputs folder (links not followed) with its SHA-256.</summary>
    static SortedDictionary<string, string> Hashes(string folder)
    {
        var result = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var f in Directory.EnumerateFiles(folder, "*", new EnumerationOptions { RecurseSubdirectories = true, AttributesToSkip = 0 }))
            result[Path.GetRelativePath(folder, f)] = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(f)));
        return result;
    }
}
