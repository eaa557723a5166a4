using System.Text.Json;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Dataset;

/// <summary>
/// The two tables of the official <c>mix_data.py</c> (format.md §7): per-index-file dataset ratios and per-format ratios.
/// Ratios remember int vs float because the official output name prints them differently (<c>2</c> vs <c>2.0</c>).
/// </summary>
public sealed record MixConfig(IReadOnlyList<KeyValuePair<string, PyNumber>> MixRatios, IReadOnlyList<KeyValuePair<string, PyNumber>> FormatRatios)
{
    public static readonly MixConfig Official = new(
        [
            new("rxr_11k", PyNumber.Float(1.0)),
            new("scannet_7799k", PyNumber.Float(1.0)),
            new("scannetpp_5941k", PyNumber.Float(1.0)),
            new("structured3d_2523k", PyNumber.Float(1.0)),
        ],
        [
            new("sentence", PyNumber.Float(1.0)),
            new("select", PyNumber.Float(0.1)),
            new("fill", PyNumber.Float(0.1)),
            new("judge", PyNumber.Float(0.1)),
        ]);

    /// <summary>Reads <c>{"mix_ratios": {...}, "qa_type_ratios": {...}}</c>; a missing table keeps the official default.</summary>
    public static MixConfig Load(string path)
    {
        PyJson root;
        try
        {
            using var doc = JsonDocument.Parse(Utf8Bom.Skip(File.ReadAllBytes(path)));
            root = PyJson.FromElement(doc.RootElement);
        }
        catch (JsonException e)
        {
            throw new SparException($"{JsonErrors.InFile(path, e)} (not a valid mix config)", e);
        }
        catch (FormatException e)
        {
            throw new SparException($"{path}: not a valid mix config: {e.Message}", e);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SparException($"{path}: cannot read: {e.Message}");
        }
        if (root is not PyJson.Obj obj) throw new SparException($"{path}: expected a JSON object with mix_ratios and qa_type_ratios");
        foreach (var m in obj.Members)
            if (m.Key is not ("mix_ratios" or "qa_type_ratios"))
                throw new SparException($"{path}: unknown key '{m.Key}' (expected mix_ratios, qa_type_ratios)");
        return new MixConfig(
            Table(path, obj["mix_ratios"], "mix_ratios") ?? Official.MixRatios,
            Table(path, obj["qa_type_ratios"], "qa_type_ratios") ?? Official.FormatRatios);
    }

    static IReadOnlyList<KeyValuePair<string, PyNumber>>? Table(string path, PyJson? node, string name)
    {
        if (node == null) return null;
        if (node is not PyJson.Obj o) throw new SparException($"{path}: {name} must be an object of name → number");
        return o.Members.Select(m => m.Value is PyJson.Num n
            ? new KeyValuePair<string, PyNumber>(m.Key, Checked(n.Value, $"{path}: {name}.{m.Key}"))
            : throw new SparException($"{path}: {name}.{m.Key} must be a number")).ToList();
    }

    /// <summary>Overrides or appends entries (<c>--ratio NAME=R</c>); an override keeps the entry's position.</summary>
    public MixConfig With(IEnumerable<string> ratios, IEnumerable<string> formatRatios) =>
        new(Apply(MixRatios, ratios, "--ratio"), Apply(FormatRatios, formatRatios, "--format-ratio"));

    /// <summary>The same format table with the dataset table replaced by exactly these <c>NAME=R</c> entries, in order.</summary>
    public MixConfig WithOnlyDatasets(IEnumerable<string> ratios) =>
        new(Apply([], ratios, "--ratio"), FormatRatios);

    /// <summary>
    /// Every <c>&lt;source&gt;_&lt;K&gt;k.json</c> in the folder with ratio 1.0, official sources first: what a user who just ran
    /// <c>spar index</c> means when the official names (scannet_7799k…) are not there.
    /// </summary>
    public MixConfig WithIndexFilesIn(string indexDir)
    {
        var stems = Directory.Exists(indexDir)
            ? Directory.EnumerateFiles(indexDir, "*_*k.json").Select(Path.GetFileNameWithoutExtension).OfType<string>()
                .Where(s => s.Length > 1 && s[^1] == 'k' && long.TryParse(s[(s.LastIndexOf('_') + 1)..^1], out _))
                .OrderBy(s => SourceRank(s)).ThenBy(s => s, StringComparer.Ordinal).ToList()
            : [];
        return new MixConfig(stems.Select(s => new KeyValuePair<string, PyNumber>(s, PyNumber.Float(1.0))).ToList(), FormatRatios);
    }

    static int SourceRank(string stem)
    {
        var source = stem[..stem.LastIndexOf('_')];
        int i = SparTree.OfficialSources.ToList().IndexOf(source);
        return i < 0 ? int.MaxValue : i;
    }

    /// <summary>True when at least one dataset of the table has its index file in the folder.</summary>
    public bool AnyDatasetIn(string indexDir) => MixRatios.Any(kv => File.Exists(Path.Combine(indexDir, kv.Key + ".json")));

    /// <summary>
    /// A ratio is a finite number ≥ 0: the official script would happily write a negative repeat_time and total (and a file
    /// named <c>-1…_0m.json</c>), which no loader can use.
    /// </summary>
    static PyNumber Checked(PyNumber ratio, string where) =>
        double.IsFinite(ratio.Value) && ratio.Value >= 0 ? ratio
            : throw new SparException($"{where}: a ratio must be a finite number ≥ 0 (0 leaves the data out, 0.5 keeps the first half, 2 repeats it)");

    /// <summary>
    /// The JSON number grammar (<c>-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?</c>): a <c>--ratio</c> means what the same number
    /// means in a config file, and int vs float (which the output name shows) is decided as json.load decides it.
    /// </summary>
    static bool IsJsonNumber(ReadOnlySpan<char> s)
    {
        int i = 0;
        if (i < s.Length && s[i] == '-') i++;
        if (i >= s.Length || !char.IsAsciiDigit(s[i])) return false;
        if (s[i] == '0') i++;
        else while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
        if (i < s.Length && s[i] == '.')
        {
            int start = ++i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return false;
        }
        if (i < s.Length && s[i] is 'e' or 'E')
        {
            i++;
            if (i < s.Length && s[i] is '+' or '-') i++;
            int start = i;
            while (i < s.Length && char.IsAsciiDigit(s[i])) i++;
            if (i == start) return false;
        }
        return i == s.Length;
    }

    static List<KeyValuePair<string, PyNumber>> Apply(IReadOnlyList<KeyValuePair<string, PyNumber>> table, IEnumerable<string> overrides, string option)
    {
        var list = table.ToList();
        foreach (var o in overrides)
        {
            int eq = o.IndexOf('=');
            if (eq <= 0 || !IsJsonNumber(o.AsSpan(eq + 1)))
                throw new SparException($"{option} {o}: expected NAME=NUMBER with NUMBER written as in the JSON config " +
                                        "(0.5, 2, 1e-3, 2.0; not 01, .5, +1 or inf), e.g. scannet_7799k=0.5");
            if (!PyNumber.TryParse(o[(eq + 1)..], out var value))
                throw new SparException($"{option} {o}: the integer does not fit 64 bits");
            Checked(value, $"{option} {o}");
            var name = o[..eq];
            int i = list.FindIndex(kv => kv.Key == name);
            if (i >= 0) list[i] = new(name, value);
            else list.Add(new(name, value));
        }
        return list;
    }
}
