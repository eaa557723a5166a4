using Spar.Analysis;
using Spar.Catalog;
using Spar.Dataset;
using Spar.Determinism;

namespace Spar.Tasks;

/// <summary>How one question is answered in each format: the generator fills what its formats need.</summary>
/// <param name="Fill">The bare value (fill answer).</param>
/// <param name="FillInstructions">Instruction pool closing fill questions.</param>
/// <param name="Sentence">The sentence answer (already drawn from the task's answer paraphrases).</param>
/// <param name="Option">The correct option's text (select).</param>
/// <param name="Distractors">Wrong option texts, computed only for select; null or too few drops the candidate.</param>
public sealed record AnswerSpec(
    string Fill,
    IReadOnlyList<string> FillInstructions,
    string Sentence,
    string Option,
    Func<IReadOnlyList<string>?> Distractors);

/// <summary>
/// One (scene, type, format) stream: its random generator, the scene's shared frame analyses, and the counters that
/// balance select letters and judge answers. Letters and Yes/No follow the number of records already emitted, so they
/// cycle evenly within every stream and therefore across a run, whatever the sharding.
/// </summary>
public sealed class StreamContext
{
    readonly int _letterOffset, _judgeOffset;

    /// <param name="letterOffset">The first record's letter offset when the driver sets it (a one-per-scene stream:
    /// <see cref="Generation.SceneLetterRanks"/>); null draws it from <paramref name="rng"/>. The draw is made either
    /// way, so the stream's other draws do not move.</param>
    public StreamContext(SceneAnalysis analysis, string type, QaFormat format, Rng rng, TaskSettings settings, int? letterOffset = null)
    {
        Analysis = analysis; Type = type; Format = format; Rng = rng; Settings = settings;
        _letterOffset = rng.Next(4 * 3); // multiple of 2, 3 and 4: a uniform start for every option count
        if (letterOffset is { } o) _letterOffset = o;
        _judgeOffset = rng.Next(2);
    }

    public SceneAnalysis Analysis { get; }
    public string Type { get; }
    public QaFormat Format { get; }
    public Rng Rng { get; }
    public TaskSettings Settings { get; }

    /// <summary>Records emitted so far in this stream (the driver advances it).</summary>
    public int Emitted { get; internal set; }

    /// <summary>The 0-based option index the next emitted select record puts its correct answer on.</summary>
    public int TargetLetter(int optionCount) => (_letterOffset + Emitted) % optionCount;

    /// <summary>Whether the next emitted judge record should be a Yes.</summary>
    public bool WantYes => (_judgeOffset + Emitted) % 2 == 0;

    /// <summary>
    /// A random analysed frame of the scene's pool with at least <paramref name="minReferable"/> referable objects
    /// (a few draws), or null.
    /// </summary>
    public FrameAnalysis? PickFrame(int minReferable, int draws = 4)
    {
        var pool = Analysis.Pool;
        if (pool.Count == 0) return null;
        for (int i = 0; i < draws; i++)
        {
            var fa = Analysis.Frame(pool[Rng.Next(pool.Count)]);
            if (fa.Referable.Count >= minReferable) return fa;
        }
        return null;
    }

    /// <summary>A record of this stream's type on the given frames, in order (ids are assigned by the driver).</summary>
    public QaRecord NewRecord(params FrameAnalysis[] frames)
    {
        var r = new QaRecord { Type = Type };
        foreach (var f in frames) r.Image.Add(f.Frame.ImagePath);
        if (Settings.IncludeDepth && frames.All(f => f.Frame.DepthPath != null))
            r.Depth = frames.Select(f => f.Frame.DepthPath!).ToList();
        return r;
    }

    /// <summary>A video record: the frames' <c>video_color/…</c> paths (and video depth when every frame has one).</summary>
    public QaRecord NewVideoRecord(IReadOnlyList<Scenes.SceneFrame> frames)
    {
        var r = new QaRecord { Type = Type };
        foreach (var f in frames)
            r.Image.Add((f.Video ?? throw new ArgumentException($"frame {f.Index} is not in the video subset", nameof(frames))).ImagePath);
        if (Settings.IncludeDepth && frames.All(f => f.Video!.DepthPath != null))
            r.Depth = frames.Select(f => f.Video!.DepthPath!).ToList();
        return r;
    }

    /// <summary>Writes question and answer for fill, select or sentence.</summary>
    public Candidate Finish(QaRecord record, string body, bool geometric, AnswerSpec answer, string key)
    {
        PendKey(key);
        string lead = geometric ? $"{body}  {Wording.GeometrySentence}" : body;
        string question, reply;
        switch (Format)
        {
            case QaFormat.Fill:
                question = $"{lead} {Rng.Pick(answer.FillInstructions)}";
                reply = answer.Fill;
                break;
            case QaFormat.Select:
                var wrong = answer.Distractors();
                if (wrong == null || wrong.Count == 0) return Candidate.Reject("no-distractors");
                var options = OptionList.Place(Rng, answer.Option, wrong, TargetLetter(wrong.Count + 1));
                question = $"{lead}\n{options.Block()}";
                reply = options.CorrectLetter.ToString();
                break;
            case QaFormat.Sentence:
                question = $"{lead} {Rng.Pick(Instructions.Sentence)}";
                reply = answer.Sentence;
                break;
            default:
                throw new InvalidOperationException($"{Type}: format {Format.FolderName()} needs its own answer");
        }
        record.Conversations = [new Turn("human", question), new Turn("gpt", reply)];
        return Candidate.Accept(record, key);
    }

    /// <summary>Writes a judge question (its stated relation chosen by the generator) with a Yes or No answer.</summary>
    public Candidate FinishJudge(QaRecord record, string statement, bool yes, string key)
    {
        PendKey(key);
        var question = $"{statement}  {Wording.GeometrySentence} {Rng.Pick(Instructions.Judge)}";
        record.Conversations = [new Turn("human", question), new Turn("gpt", yes ? "Yes" : "No")];
        return Candidate.Accept(record, key);
    }

    /// <summary>Answers of this stream's earlier questions, most recent last (at most <see cref="MaxPeers"/>), by answer kind.</summary>
    readonly Dictionary<Type, object> _peers = [];
    const int MaxPeers = 256;

    /// <summary>
    /// The stream's earlier answers of kind <typeparamref name="T"/> (for <see cref="Distractors.FromPeers"/>-style
    /// options); <see cref="AddPeer{T}"/> records the current one after its distractors are drawn.
    /// </summary>
    public IReadOnlyList<T> Peers<T>() => _peers.TryGetValue(typeof(T), out var l) ? (List<T>)l : [];

    public void AddPeer<T>(T answer)
    {
        if (!_peers.TryGetValue(typeof(T), out var o)) _peers[typeof(T)] = o = new List<T>();
        var list = (List<T>)o;
        if (list.Count == MaxPeers) list.RemoveAt(0);
        list.Add(answer);
    }

    // Keys of the emitted records, learnt as for the option balance: a proposal's key is pending until Emitted advances.
    readonly HashSet<string> _askedKeys = new(StringComparer.Ordinal);
    (int Emitted, string Key)? _pendingKey;

    void PendKey(string key)
    {
        CommitKey();
        _pendingKey = (Emitted, key);
    }

    void CommitKey()
    {
        if (_pendingKey is var (at, key) && Emitted > at) _askedKeys.Add(key);
        _pendingKey = null;
    }

    /// <summary>Whether a record with this key was already emitted in this stream (the driver would drop it as a duplicate).</summary>
    public bool Asked(string key)
    {
        if (_pendingKey is var (at, k) && Emitted > at) { _askedKeys.Add(k); _pendingKey = null; }
        return _askedKeys.Contains(key);
    }

    object? _generatorState;

    /// <summary>
    /// State a generator keeps for the whole stream (made by <paramref name="create"/> on first use), e.g. a plan of the
    /// questions a stream can ask. Per stream, so it cannot depend on other scenes, threads or shards.
    /// </summary>
    public T State<T>(Func<T> create) where T : class => (T)(_generatorState ??= create());

    /// <summary>The state <see cref="State{T}"/> made, without making it (null before the first use).</summary>
    public T? PeekState<T>() where T : class => _generatorState as T;

    // Option balance (BalancedDistractors): per option text, how often it was the answer and how often it was shown.
    readonly Dictionary<string, (int Answered, int Shown)> _optionStats = new(StringComparer.Ordinal);
    (int Emitted, string Answer, List<string> Wrong, string[] Contexts)? _pendingOptions;

    /// <summary>
    /// <paramref name="count"/> wrong options for a select question whose options come from a small closed set (relation
    /// tuples), chosen so that no option text tells the answer: each text is shown about (options) times as often as it
    /// is the answer. Why: a text-only model that picks the option most often correct in other questions scores its hit
    /// rate; uniformly drawn distractors leave a common answer (an object below the camera, in front of the observer)
    /// with a hit rate far above chance (issue 16: 38–56 % on four options). Greedy per stream: the texts whose
    /// answered × options − shown is largest (shown too rarely for how often they are right) go first; ties prefer
    /// <paramref name="similar"/> texts (same empty slots, so the options look alike), then the stream's random order.
    /// Counted when the record is emitted (seen at the next call through <see cref="Emitted"/>), so a candidate the
    /// driver refuses does not count; per stream, so sharding cannot change it.
    /// </summary>
    /// <param name="contexts">Texts the question shows that predict the answer (which image the object is marked in, its
    /// category): balance is then kept among the questions sharing each context as well as over the stream (the scores
    /// add up), so a text model that learns which answer goes with a name or an image gains nothing either.</param>
    public IReadOnlyList<string> BalancedDistractors(string answer, IReadOnlyList<string> pool, int count, Func<string, bool> similar,
        params string[] contexts)
    {
        CommitOptions();
        int n = count + 1;
        var wrong = pool.Where(t => t != answer).Distinct().ToList();
        var order = Rng.Sample(wrong, wrong.Count);
        int Score(string key) => _optionStats.TryGetValue(key, out var c) ? c.Answered * n - c.Shown : 0;
        int Total(string t)
        {
            int sum = Score(t);
            foreach (var c in contexts) sum += Score(c + "\n" + t);
            return sum;
        }
        var picked = order.Select((t, i) => (t, i, score: Total(t)))
            .OrderByDescending(x => x.score).ThenBy(x => similar(x.t) ? 0 : 1).ThenBy(x => x.i)
            .Take(count).Select(x => x.t).ToList();
        _pendingOptions = (Emitted, answer, picked, contexts);
        return picked;
    }

    /// <summary>
    /// The same balance for a choice a generator makes itself among geometrically true questions (which direction to ask,
    /// distance_infer_center_oc): answered × <paramref name="options"/> − shown for <paramref name="key"/>; the lower, the
    /// more the key needs to be an answer. <see cref="CountWhenEmitted"/> records the question asked.
    /// </summary>
    public int HitExcess(string key, int options)
    {
        CommitOptions();
        return _optionStats.TryGetValue(key, out var c) ? c.Answered * options - c.Shown : 0;
    }

    /// <summary>Counts <paramref name="answerKey"/> as answered and shown and the others as shown, if this proposal is emitted.</summary>
    public void CountWhenEmitted(string answerKey, IEnumerable<string> otherKeys)
    {
        CommitOptions();
        _pendingOptions = (Emitted, answerKey, otherKeys.ToList(), []);
    }

    void CommitOptions()
    {
        // The driver advances Emitted only after accepting the latest proposal, whose select options were the pending ones.
        if (_pendingOptions is var (at, answer, wrong, contexts) && Emitted > at)
        {
            Count(answer, wrong);
            foreach (var c in contexts) Count(c + "\n" + answer, wrong.Select(t => c + "\n" + t));
        }
        _pendingOptions = null;

        void Count(string answerKey, IEnumerable<string> wrongKeys)
        {
            var a = _optionStats.GetValueOrDefault(answerKey);
            _optionStats[answerKey] = (a.Answered + 1, a.Shown + 1);
            foreach (var t in wrongKeys)
            {
                var c = _optionStats.GetValueOrDefault(t);
                _optionStats[t] = (c.Answered, c.Shown + 1);
            }
        }
    }

    /// <summary>
    /// Numeric distractor texts for a rounded metre value, formatted like the answer: drawn from the stream's earlier
    /// answers (<see cref="Distractors.FromPeers"/>), so a text-only model cannot tell the answer by its value or rank.
    /// </summary>
    public IReadOnlyList<string>? MeterDistractors(double roundedMeters, string unitSuffix = " m")
    {
        var values = Distractors.FromPeers(Rng, roundedMeters, Peers<double>(), Wording.Meters1, Settings.Distractors, Settings.Distractors.MinAbsoluteGap);
        AddPeer(roundedMeters);
        return values?.Select(v => Wording.MetersText(v) + unitSuffix).ToList();
    }
}
