using Spar.Bench.Scoring;
using System.Text.RegularExpressions;
using Spar.PythonCompat;

namespace Spar.Bench.SparBench;

/// <summary>
/// VLMEvalKit's multiple-choice letter extraction (bench.md §6.1): a cascade from explicit answer tags to a global
/// scan, first success wins. Python's <c>\s</c> also covers U+001C–U+001F, so every <c>\s</c> here includes them.
/// </summary>
public static class StrictLetter
{
    const string S = @"[\s\x1C-\x1F]";
    const RegexOptions I = RegexOptions.IgnoreCase | RegexOptions.CultureInvariant;
    const RegexOptions Cs = RegexOptions.CultureInvariant;

    static readonly Regex AnswerBlock = new(
        $@"<{S}*answer\b[^>]*>{S}*([A-Ja-j])(?:{S}*[\.．:：\)\]】、])?.*?<{S}*/{S}*answer{S}*>", I | RegexOptions.Singleline);
    static readonly Regex TailAnswer = new($@"(?<![A-Za-z])[\(\[\{{（【]?{S}*([A-F]){S}*[\)\]\}}）】]?{S}*</{S}*answer{S}*>", I);
    static readonly Regex TailThink = new($@"(?<![A-Za-z])[\(\[\{{（【]?{S}*([A-F]){S}*[\)\]\}}）】]?{S}*</{S}*think{S}*>", I);
    static readonly Regex OptionLine = new($@"^(?:[*_>\-\s\x1C-\x1F]*)(?:option|选项){S}+[A-J]{S}*[:：]", I);
    static readonly Regex WholeLine = new($@"^{S}*[*_`>（）\[\]【】\(\)]*{S}*([A-Fa-f]){S}*[*_`（）\[\]【】\(\)]*{S}*$", Cs);
    static readonly Regex LeadingLetter = new($@"^{S}*([A-F]){S}*[\.．:：\)\]】、-]{S}+", I);
    static readonly Regex LineLetters = new(
        $@"(?<![A-Za-z])[*_`（\[\{{\(]*{S}*([A-F]){S}*[*_`）\]\}}\)]*(?=$|[\s\x1C-\x1F.,:;!?)\]】》」』，。；、：）】》」』])", Cs);
    static readonly Regex Phrase = new(
        $@"(?:final{S}*answer|the{S}*answer{S}*is|answer(?:{S}*is)?|correct{S}*answer|答案|最终答案|结论|所以|因此|我选(?:择)?|选择|选){S}*[:：>＝=]?{S}*[\(\[\{{（【]?{S}*([A-F]){S}*[\)\]\}}）】]?(?:\b|[.)、。])", I);
    static readonly Regex GlobalLetters = new($@"(?<![A-Za-z])[\(\[\{{（【]?{S}*([A-F]){S}*[\)\]\}}）】]?(?![A-Za-z])", Cs);

    const int TailChars = 800;
    const int TailLines = 6;

    /// <summary>The chosen letter, upper-cased, or null.</summary>
    public static string? Extract(string text)
    {
        string s = PyText.Strip(text).Replace("\u200B", "").Replace("\u200C", "").Replace("\u200D", "").Replace("\uFEFF", "");

        var block = AnswerBlock.Match(s);
        if (block.Success) return block.Groups[1].Value.ToUpperInvariant();

        string tail = s.Length > TailChars ? s[^TailChars..] : s;
        foreach (var anchor in new[] { TailAnswer, TailThink })
        {
            var m = anchor.Match(tail);
            if (m.Success) return m.Groups[1].Value.ToUpperInvariant();
        }

        var fromLines = ScanLines(AfterReasoning(s)) ?? ScanLines(tail);
        if (fromLines is not null) return fromLines;

        var phrase = Phrase.Match(s);
        if (phrase.Success) return phrase.Groups[1].Value.ToUpperInvariant();

        var kept = string.Join("\n", PyLines(s).Where(l => !OptionLine.IsMatch(l)));
        var letters = GlobalLetters.Matches(kept).Select(m => m.Groups[1].Value).Distinct().ToList();
        return letters.Count == 1 ? letters[0] : null;
    }

    /// <summary>The text after the last <c>&lt;/think&gt;</c> (stripped), else after the last <c>&lt;think&gt;</c>, else all.</summary>
    internal static string AfterReasoning(string s)
    {
        int close = s.LastIndexOf("</think>", StringComparison.Ordinal);
        if (close >= 0) return PyText.Strip(s[(close + "</think>".Length)..]);
        int open = s.LastIndexOf("<think>", StringComparison.Ordinal);
        return open >= 0 ? s[(open + "<think>".Length)..] : s;
    }

    static string? ScanLines(string segment)
    {
        var lines = PyLines(segment);
        var last = lines.Skip(Math.Max(0, lines.Count - TailLines)).Where(l => PyText.Strip(l).Length > 0).ToList();
        for (int k = last.Count - 1; k >= 0; k--)
        {
            string line = PyText.Strip(last[k]);
            if (OptionLine.IsMatch(line)) continue;
            var whole = WholeLine.Match(line);
            if (whole.Success) return whole.Groups[1].Value.ToUpperInvariant();
            var leading = LeadingLetter.Match(line);
            if (leading.Success) return leading.Groups[1].Value.ToUpperInvariant();
            var distinct = LineLetters.Matches(line).Select(m => m.Groups[1].Value).Distinct().ToList();
            if (distinct.Count == 1) return distinct[0];
        }
        return null;
    }

    /// <summary>Python's <c>str.splitlines()</c> (line breaks: \n \r \r\n \v \f \x1c–\x1e \x85 U+2028 U+2029).</summary>
    internal static List<string> PyLines(string s)
    {
        var lines = new List<string>();
        int start = 0;
        for (int i = 0; i < s.Length; i++)
        {
            char c = s[i];
            if (c is '\n' or '\r' or '\v' or '\f' or '\x1c' or '\x1d' or '\x1e' or '\x85' or '\u2028' or '\u2029')
            {
                lines.Add(s[start..i]);
                if (c == '\r' && i + 1 < s.Length && s[i + 1] == '\n') i++;
                start = i + 1;
            }
        }
        if (start < s.Length) lines.Add(s[start..]);
        return lines;
    }
}
