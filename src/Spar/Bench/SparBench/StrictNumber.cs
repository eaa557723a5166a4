using Spar.Bench.Scoring;
using System.Text.RegularExpressions;
using Spar.PythonCompat;

namespace Spar.Bench.SparBench;

/// <summary>VLMEvalKit's numeric answer extraction (bench.md §6.2): signed, exponents, number words, answer tags,
/// the last number after any reasoning.</summary>
public static class StrictNumber
{
    const string S = @"[\s\x1C-\x1F]";
    const string N = @"[-+]?(?:\d*\.\d+|\d+)(?:[eE][-+]?\d+)?";
    const RegexOptions I = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;

    static readonly Regex Number = new(N, RegexOptions.CultureInvariant);
    static readonly Regex AnswerTag = new($@"<{S}*answer\b[^>]*>{S}*({N})(?:[^\d<][^<]*)?<{S}*/{S}*answer{S}*>", I | RegexOptions.Singleline);

    static readonly string[] Words =
    [
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
        "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty",
    ];
    static readonly Regex NumberWord = new($@"\b(?:{string.Join("|", Words)})\b", I);

    public static double? Extract(string text)
    {
        string s = text;
        string stripped = PyText.Strip(s);
        if (stripped.StartsWith('[') && stripped.EndsWith(']'))
        {
            if (!PyLiteral.TryParse(stripped, out var literal)) return null;
            if (literal is List<object?> { Count: > 0 } list) s = PyLiteral.Str(list[0]);
        }
        s = PyText.Strip(s).Replace("\u200B", "").Replace("\u200C", "").Replace("\u200D", "").Replace("\uFEFF", "");
        s = NumberWord.Replace(s, m => Array.IndexOf(Words, m.Value.ToLowerInvariant()).ToString(System.Globalization.CultureInfo.InvariantCulture));

        var tag = AnswerTag.Match(s);
        if (tag.Success) return Parse(tag.Groups[1].Value);

        var tailMatches = Number.Matches(StrictLetter.AfterReasoning(s));
        if (tailMatches.Count > 0) return Parse(tailMatches[^1].Value);

        var all = Number.Matches(s).Select(m => m.Value).ToList();
        if (all.Count == 0) return null;
        var distinct = all.Distinct().ToList();
        return Parse(distinct.Count == 1 ? distinct[0] : all[^1]);
    }

    static double? Parse(string number) => PyFloat.TryParse(number, out double v) ? v : null;
}
