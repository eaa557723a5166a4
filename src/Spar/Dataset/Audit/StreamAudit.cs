using Spar.Catalog;
using Spar.Util;

namespace Spar.Dataset.Audit;

/// <summary>
/// The audit of one type × format stream. Its files are read in order by one worker, twice: the first pass counts
/// (answer values, letters, templates, duplicates, the nearest-neighbour sample, scene checks), the second answers every
/// record with the template baseline learnt in the first. Memory is the per-stream counters and bounded samples only.
/// </summary>
sealed class StreamAudit
{
    const int MaxValueLength = 200, MaxProblems = 20;

    readonly string _task, _format, _type;
    readonly IReadOnlyList<QaFile> _files;
    readonly AuditSettings _settings;
    readonly HeavyHitters<string> _answers;
    readonly DuplicateSketch _duplicates;
    readonly TemplateBaseline _templates = new();
    readonly KnnBaseline _knn;
    readonly SceneStreamAudit? _scenes;
    readonly SortedDictionary<string, long> _letters = new(StringComparer.Ordinal);
    readonly SortedDictionary<int, long> _optionCounts = [];
    readonly List<RecordIssue> _issues = [];
    double _chanceSum;
    long _chanceRecords, _records, _letterCorrect, _templateCorrect, _evaluated;

    public List<string> Problems { get; } = [];
    public long Unparseable { get; private set; }

    public StreamAudit(string task, string format, IReadOnlyList<QaFile> files, AuditSettings settings, SceneLibrary? scenes)
    {
        _task = task;
        _format = format;
        _type = TaskCatalog.TryGetByFolder(task, out var info) ? info.Type : task;
        _files = files;
        _settings = settings;
        _answers = new HeavyHitters<string>(settings.AnswerCounters, StringComparer.Ordinal, StringComparer.Ordinal);
        _duplicates = new DuplicateSketch(settings.DuplicateKeys);
        _knn = new KnnBaseline(settings.KnnSample);
        if (scenes != null) _scenes = new SceneStreamAudit(_type, scenes, settings, files);
    }

    bool IsSelect => _format == "select";
    bool IsJudge => _format == "judge";
    bool HasBaseline => HasBaselineFor(_format);

    static bool HasBaselineFor(string format) => format is "select" or "judge" or "fill";

    /// <summary>File reads a stream makes: one pass, plus the baseline pass for select, judge and fill.</summary>
    public static long FileReadsOf(string format, int files) => files * (HasBaselineFor(format) ? 2L : 1L);

    public StreamReport Run(ProgressTracker tracker)
    {
        ForEachRecord(tracker, Learn, countProblems: true);
        if (HasBaseline) ForEachRecord(tracker, Test, countProblems: false);
        return Report();
    }

    void ForEachRecord(ProgressTracker tracker, Action<QaRecord, RecordRef> visit, bool countProblems)
    {
        for (int f = 0; f < _files.Count; f++)
        {
            var file = _files[f];
            try
            {
                using var reader = JsonlLineReader.Open(file.FullPath);
                while (reader.TryReadLine(out var line))
                {
                    if (line.Trim(" \t"u8).IsEmpty) continue;
                    _issues.Clear();
                    if (RecordLine.Parse(line, _issues) is not { } record)
                    {
                        if (!countProblems) continue;
                        Unparseable++;
                        if (Problems.Count < MaxProblems)
                            Problems.Add($"{file.RelativePath}:{reader.LineNumber}: unparseable line: {(_issues.Count > 0 ? _issues[0].Message : "not a record")}");
                        continue;
                    }
                    visit(record, new RecordRef(f, reader.LineNumber));
                }
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw new SparException($"{file.RelativePath}: cannot read: {e.Message}", e);
            }
            tracker.Advance(1, new FileInfo(file.FullPath).Length);
        }
    }

    BlindRecord Blind(QaRecord r, out string value)
    {
        QuestionText.Option[]? options = null;
        char letter = default;
        if (IsSelect)
        {
            options = QuestionText.Options(r.Question).ToArray();
            if (SelectOptions.TryAnswerLetter(r.Answer, out letter))
            {
                int k = Array.FindIndex(options, o => o.Letter == letter);
                value = k >= 0 ? options[k].Text : $"(letter {letter} without an option line)";
            }
            else value = "(not a letter) " + QuestionText.Normalize(r.Answer);
        }
        else value = IsJudge ? QuestionText.JudgeValue(r.Answer) : QuestionText.Normalize(r.Answer);
        if (value.Length > MaxValueLength) value = value[..MaxValueLength];
        return new BlindRecord(BlindRecord.FoldOf(r.Id), QuestionText.Hash(QuestionText.Template(r.Question)), QuestionText.Hash(value), letter, options);
    }

    void Learn(QaRecord r, RecordRef at)
    {
        _records++;
        var blind = Blind(r, out var value);
        _answers.Add(value);
        if (IsSelect)
        {
            var key = blind.Letter == default ? "other" : blind.Letter.ToString();
            _letters[key] = _letters.GetValueOrDefault(key) + 1;
            int n = blind.Options!.Length;
            _optionCounts[n] = _optionCounts.GetValueOrDefault(n) + 1;
            if (n > 0) { _chanceSum += 1.0 / n; _chanceRecords++; }
        }
        else if (IsJudge)
        {
            var key = value switch { "yes" => "Yes", "no" => "No", _ => "other" };
            _letters[key] = _letters.GetValueOrDefault(key) + 1;
        }
        if (HasBaseline)
        {
            _templates.Learn(blind);
            ulong key = KnnBaseline.KeyOf(r.Id);
            if (_knn.Wants(key, at)) _knn.Offer(key, at, blind, QuestionText.Tokens(r.Question));
        }
        _duplicates.Add(QuestionText.Hash(r.Question + "\u0001" + string.Join("\u0001", r.Image)), QuestionText.Hash(QuestionText.Normalize(r.Answer)), at);
        _scenes?.Add(r, at);
    }

    void Test(QaRecord r, RecordRef at)
    {
        var blind = Blind(r, out _);
        // A select record whose answer is no letter cannot be answered right: it is left out of the baseline.
        if (IsSelect && blind.Letter == default) return;
        _evaluated++;
        if (IsSelect)
        {
            if (_templates.PredictLetter(blind) == blind.Letter) _letterCorrect++;
            if (_templates.PredictOption(blind) == blind.Letter) _templateCorrect++;
        }
        else if (_templates.PredictValue(blind) == blind.Label) _templateCorrect++;
    }

    StreamReport Report()
    {
        var top = _answers.Top(10).Select(t => (t.Value, t.Count)).ToList();
        var answers = new AnswerSummary(top, _answers.Exact ? _answers.Kept : null, _answers.MaxUndercount, _records);
        LetterSummary? letters = null;
        if (IsSelect || IsJudge)
            letters = new LetterSummary(_letters, _optionCounts, IsSelect ? (_chanceRecords == 0 ? 0 : _chanceSum / _chanceRecords) : 0.5);
        BaselineSummary? baselines = null;
        if (HasBaseline && _records > 0)
        {
            var (knnCorrect, knnEvaluated) = _knn.Evaluate(IsSelect);
            double? chance = letters?.Chance;
            baselines = new BaselineSummary(BlindRecord.Folds, chance,
                IsSelect ? Share(_letterCorrect, _evaluated) : null,
                Share(_templateCorrect, _evaluated), _evaluated, _templates.Templates, _templates.Overflowed,
                knnEvaluated > 0 ? Share(knnCorrect, knnEvaluated) : null, knnEvaluated);
        }
        var dupExamples = _duplicates.Examples(5)
            .Select(e => $"{Where(e.First)} = {Where(e.Second)}{(e.Copies > 2 ? $" (+{e.Copies - 2} more)" : "")}{(e.Conflict ? " — different answers" : "")}")
            .ToList();
        var duplicates = new DuplicateSummary(_duplicates.DuplicateRecords, _duplicates.DuplicateGroups, _duplicates.ConflictingGroups, _duplicates.Exact, dupExamples);
        return new StreamReport(_task, _type, _format, _files.Count, _records, answers, letters, baselines, duplicates,
            _scenes?.Visibility(), _scenes?.Near());
    }

    static double Share(long n, long d) => d == 0 ? 0 : n / (double)d;

    string Where(RecordRef r) => $"{_files[r.File].RelativePath}:{r.Line}";
}
