using System.Text;
using Spar.Util;
using Spar.Determinism;

namespace Spar.Dataset.Audit;

/// <summary>
/// What a blind (text-only) baseline sees of a question: its lettered options, its template (the wording with object
/// names and numbers masked) and its word tokens. The rules are in docs/audit.md.
/// </summary>
public static class QuestionText
{
    public readonly record struct Option(char Letter, string Text);

    /// <summary>The question's options (<see cref="SelectOptions.Options"/>) with their text normalised.</summary>
    public static List<Option> Options(string question) =>
        SelectOptions.Options(question).Select(o => new Option(o.Letter, Normalize(o.Text))).ToList();

    /// <summary>An answer as a value: trimmed, inner whitespace collapsed, lower-case, without a final full stop.</summary>
    public static string Normalize(string answer)
    {
        var sb = new StringBuilder(answer.Length);
        bool space = false;
        foreach (char ch in answer.AsSpan().Trim())
        {
            if (char.IsWhiteSpace(ch)) { space = true; continue; }
            if (space && sb.Length > 0) sb.Append(' ');
            space = false;
            sb.Append(char.ToLowerInvariant(ch));
        }
        if (sb.Length > 0 && sb[^1] == '.') sb.Length--;
        return sb.ToString();
    }

    /// <summary>A judge answer as <c>yes</c> / <c>no</c> (its first word), or the normalised answer when it is neither.</summary>
    public static string JudgeValue(string answer)
    {
        var n = Normalize(answer);
        int end = 0;
        while (end < n.Length && char.IsLetter(n[end])) end++;
        var word = n[..end];
        return word is "yes" or "no" ? word : n;
    }

    /// <summary>Words that end an object name when walking back from a marker, e.g. "the" in "the office chair (red point)".</summary>
    static readonly HashSet<string> StopWords = new(StringComparer.OrdinalIgnoreCase)
    {
        "the", "a", "an", "of", "to", "from", "and", "or", "between", "is", "are", "was", "with", "at", "in", "on", "than",
        "that", "which", "as", "by", "for", "relative", "where", "what", "how", "if", "it", "its", "this", "these",
        "those", "does", "do", "given", "between", "near", "nearest", "closest", "farthest", "while", "when", "facing",
        "standing", "stand", "face", "toward", "towards", "marked", "shown", "labelled", "labeled", "named", "called",
        "you", "your", "me", "i", "we", "find", "locate", "estimate", "determine", "compute", "calculate", "object",
    };

    static readonly string[] MarkerColours = ["red", "blue", "green", "yellow"];
    static readonly string[] MarkerShapes = ["point", "bbox", "box"];

    /// <summary>
    /// The question's template: option lines removed, the (up to four) words naming an object before each marker such
    /// as <c>(red point)</c> replaced by <c>&lt;obj&gt;</c>, every number replaced by <c>#</c>, whitespace collapsed,
    /// lower-case.
    /// </summary>
    public static string Template(string question)
    {
        var stem = new StringBuilder(question.Length);
        foreach (var raw in question.AsSpan().EnumerateLines())
        {
            if (SelectOptions.IsOptionLine(raw)) continue;
            stem.Append(raw).Append(' ');
        }
        var words = stem.ToString().Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).ToList();
        for (int i = 0; i + 1 < words.Count; i++)
        {
            // A marker is two words: "(red" "point)" (trailing punctuation allowed: "point)," "bbox)?").
            if (!IsMarker(words[i], words[i + 1])) continue;
            for (int j = i - 1, taken = 0; j >= 0 && taken < 4; j--, taken++)
            {
                var w = words[j].TrimEnd(',', ';', ':');
                if (w.Length == 0 || w == "<obj>" || StopWords.Contains(w) || w.EndsWith(')') || !char.IsLetter(w[0])) break;
                words[j] = "<obj>";
            }
        }
        var sb = new StringBuilder(question.Length);
        string? last = null;
        foreach (var w in words)
        {
            var masked = MaskNumbers(w.ToLowerInvariant());
            if (masked == "<obj>" && last == "<obj>") continue; // "office chair" and "chair" give the same template
            if (sb.Length > 0) sb.Append(' ');
            sb.Append(masked);
            last = masked;
        }
        return sb.ToString();
    }

    static bool IsMarker(string first, string second)
    {
        if (first.Length < 2 || first[0] != '(') return false;
        var colour = first[1..];
        if (!MarkerColours.Contains(colour, StringComparer.OrdinalIgnoreCase)) return false;
        int close = second.IndexOf(')');
        if (close <= 0) return false;
        return MarkerShapes.Contains(second[..close], StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Every run of digits (with an optional sign and decimal part) becomes <c>#</c>.</summary>
    static string MaskNumbers(string w)
    {
        if (!w.Any(char.IsAsciiDigit)) return w;
        var sb = new StringBuilder(w.Length);
        for (int i = 0; i < w.Length;)
        {
            bool sign = w[i] == '-' && i + 1 < w.Length && char.IsAsciiDigit(w[i + 1]) && (i == 0 || !char.IsLetterOrDigit(w[i - 1]));
            if (char.IsAsciiDigit(w[i]) || sign)
            {
                i++;
                while (i < w.Length && (char.IsAsciiDigit(w[i]) || (w[i] == '.' && i + 1 < w.Length && char.IsAsciiDigit(w[i + 1])))) i++;
                sb.Append('#');
                continue;
            }
            sb.Append(w[i++]);
        }
        return sb.ToString();
    }

    /// <summary>The distinct word tokens of the whole question (options included), hashed and sorted: the nearest-neighbour features.</summary>
    public static ulong[] Tokens(string question)
    {
        var set = new HashSet<ulong>();
        var span = question.AsSpan();
        for (int i = 0; i < span.Length;)
        {
            if (!char.IsLetterOrDigit(span[i])) { i++; continue; }
            int start = i;
            while (i < span.Length && (char.IsLetterOrDigit(span[i]) || (span[i] == '.' && i + 1 < span.Length && char.IsAsciiDigit(span[i + 1]) && i > start && char.IsAsciiDigit(span[i - 1])))) i++;
            var word = span[start..i];
            ulong h = Fnv1a64.OffsetBasis;
            foreach (char c in word)
            {
                char l = char.ToLowerInvariant(c);
                h = Fnv1a64.Append(h, (byte)l);
                h = Fnv1a64.Append(h, (byte)(l >> 8));
            }
            set.Add(h);
        }
        var tokens = set.ToArray();
        Array.Sort(tokens);
        return tokens;
    }

    /// <summary>Cosine similarity of two token sets (sorted distinct hashes).</summary>
    public static double Similarity(ulong[] a, ulong[] b)
    {
        if (a.Length == 0 || b.Length == 0) return 0;
        int i = 0, j = 0, common = 0;
        while (i < a.Length && j < b.Length)
        {
            if (a[i] == b[j]) { common++; i++; j++; }
            else if (a[i] < b[j]) i++;
            else j++;
        }
        return common / Math.Sqrt((double)a.Length * b.Length);
    }

    /// <summary>Stable 64-bit hash of a string (FNV-1a of its UTF-8 bytes, mixed).</summary>
    public static ulong Hash(string s) => SplitMix64.Finalize(Fnv1a64.Of(s));
}
