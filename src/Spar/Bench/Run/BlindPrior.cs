using System.Globalization;
using Spar.Catalog;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Run;

/// <summary>
/// The "blind-prior" baseline: answers every item of a task with one answer learned from a training split without
/// looking at the question or images: the most frequent answer (multiple choice, view change) or the median value
/// (numeric tasks). It measures how much of a score the answer distribution alone explains.
/// </summary>
public sealed class BlindPrior : IBenchModel
{
    public const string ModelName = "blind-prior";

    readonly Dictionary<string, string> _answerByTask;

    BlindPrior(Dictionary<string, string> answerByTask, long answersRead, long answersSkipped)
    {
        _answerByTask = answerByTask;
        AnswersRead = answersRead;
        AnswersSkipped = answersSkipped;
    }

    public string Name => ModelName;

    /// <summary>The learned answer per task, in task-name order.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> AnswerByTask =>
        [.. _answerByTask.OrderBy(kv => kv.Key, StringComparer.Ordinal)];

    public long AnswersRead { get; }

    /// <summary>Numeric-task answers that were not a plain number and so did not enter the median.</summary>
    public long AnswersSkipped { get; }

    public Task<ModelAnswer> AnswerAsync(BenchItem item, CancellationToken cancel) =>
        Task.FromResult(ModelAnswer.Offline(_answerByTask.TryGetValue(item.Task, out var a)
            ? a
            : throw new SparException($"item {item.Id}: the prior has no answers for task '{item.Task}'")));

    /// <summary>Learns from (task, answer) pairs, e.g. the rows of another benchmark.</summary>
    public static BlindPrior FromAnswers(IEnumerable<(string Task, string Answer)> answers)
    {
        var learner = new Learner();
        foreach (var (task, answer) in answers) learner.Add(task, answer);
        return learner.Build();
    }

    /// <summary>Learns from the tree at <paramref name="root"/>: a root or one source folder (<see cref="SparTree.Open"/>).</summary>
    public static BlindPrior FromTrainingTree(string root, string split = "train", Action<string, long>? fileRead = null)
    {
        if (!Directory.Exists(root)) throw new SparException($"{root}: prior folder not found");
        return FromTrainingTree(SparTree.Open(root), split, fileRead);
    }

    /// <summary>
    /// Learns from a SPAR-7M-style tree: every <c>&lt;source&gt;/qa_jsonl/&lt;split&gt;/&lt;task&gt;/&lt;format&gt;/*.jsonl</c>
    /// of its sources, reading the <c>select</c> folder of multiple-choice tasks and the <c>fill</c> folder of the others,
    /// as the bench uses those formats.
    /// </summary>
    /// <param name="fileRead">Called after each file with its path and the answers read so far (training splits are large).</param>
    public static BlindPrior FromTrainingTree(SparTree tree, string split = "train", Action<string, long>? fileRead = null)
    {
        var sources = tree.Sources().Where(s => Directory.Exists(tree.SplitDir(s, split))).ToList();
        var where = tree.OnlySource is { } only ? tree.SourceDir(only) : tree.Root;
        if (sources.Count == 0) throw new SparException($"{where}: no qa_jsonl/{split} folder (expected <source>/qa_jsonl/{split}/<task>/<format>/*.jsonl)");
        var learner = new Learner();
        foreach (var source in sources)
            foreach (var task in TaskCatalog.Bench)
            {
                var format = task.Bench!.Format.FolderName();
                foreach (var file in tree.FormatFiles(source, split, task.FolderName, format))
                {
                    ReadAnswers(file, task.Type, learner);
                    fileRead?.Invoke(file, learner.Read);
                }
            }
        if (learner.IsEmpty) throw new SparException($"{where}: no bench-task answers found under qa_jsonl/{split}");
        return learner.Build();
    }

    static void ReadAnswers(string file, string task, Learner learner)
    {
        using var reader = JsonlLineReader.Open(file);
        while (reader.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            QaRecord record;
            try { record = SparJson.ParseRecord(line); }
            catch (System.Text.Json.JsonException e) { throw new SparException($"{Util.JsonErrors.InLine(file, reader.LineNumber, e)} (not a QA record)", e); }
            if (record.Conversations.Count < 2) throw new SparException($"{file}:{reader.LineNumber}: record {record.Id} has no answer turn");
            learner.Add(task, record.Answer);
        }
    }

    sealed class Learner
    {
        readonly Dictionary<string, Dictionary<string, long>> _counts = new(StringComparer.Ordinal);
        readonly Dictionary<string, List<(double Value, string Text)>> _values = new(StringComparer.Ordinal);
        long _read, _skipped;

        public bool IsEmpty => _read == 0;

        public long Read => _read;

        public void Add(string task, string answer)
        {
            if (!TaskCatalog.TryGet(task, out var info) || !info.InBench) return;
            _read++;
            answer = answer.Trim();
            if (info.Level == TaskLevel.Low)
            {
                if (double.TryParse(answer, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v))
                    (_values.TryGetValue(task, out var list) ? list : _values[task] = []).Add((v, answer));
                else _skipped++;
                return;
            }
            var counts = _counts.TryGetValue(task, out var c) ? c : _counts[task] = new(StringComparer.Ordinal);
            counts[answer] = counts.GetValueOrDefault(answer) + 1;
        }

        public BlindPrior Build()
        {
            var result = new Dictionary<string, string>(StringComparer.Ordinal);
            foreach (var (task, counts) in _counts)
                // Ties go to the ordinally smallest answer so the prior does not depend on reading order.
                result[task] = counts.OrderByDescending(kv => kv.Value).ThenBy(kv => kv.Key, StringComparer.Ordinal).First().Key;
            foreach (var (task, values) in _values)
            {
                values.Sort((a, b) => a.Value != b.Value ? a.Value.CompareTo(b.Value) : string.CompareOrdinal(a.Text, b.Text));
                // Lower median: an observed answer, written exactly as the training data writes it.
                result[task] = values[(values.Count - 1) / 2].Text;
            }
            return new BlindPrior(result, _read, _skipped);
        }
    }
}
