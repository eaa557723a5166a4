namespace Spar.Dataset;

/// <summary>The lettered options of a select question (<c>A. …</c> one per line) and its answer letter.</summary>
public static class SelectOptions
{
    /// <summary>
    /// Option lines <c>A. text</c> / <c>B) text</c> in order of appearance, the first line of a letter winning. The one
    /// rule for what an option line is (<see cref="TryOptionLine"/>): validate, stats, the audit's blind baselines and
    /// bench run's random baseline all read it.
    /// </summary>
    public static List<(char Letter, string Text)> Options(string question)
    {
        var options = new List<(char Letter, string Text)>(4);
        foreach (var raw in question.AsSpan().EnumerateLines())
            if (TryOptionLine(raw, out char letter, out var text) && !options.Exists(o => o.Letter == letter))
                options.Add((letter, text.ToString()));
        return options;
    }

    /// <summary>The letters of <see cref="Options"/>, in order of appearance (no option texts allocated: validate's hot path).</summary>
    public static IReadOnlyList<char> Letters(string question)
    {
        var letters = new List<char>(4);
        foreach (var raw in question.AsSpan().EnumerateLines())
            if (TryOptionLine(raw, out char letter, out _) && !letters.Contains(letter)) letters.Add(letter);
        return letters;
    }

    /// <summary>True when the line is an option line (the audit's question template leaves those out).</summary>
    public static bool IsOptionLine(ReadOnlySpan<char> line) => TryOptionLine(line, out _, out _);

    /// <summary>After any leading whitespace: a capital letter, '.' or ')', then whitespace or the end of the line.</summary>
    static bool TryOptionLine(ReadOnlySpan<char> raw, out char letter, out ReadOnlySpan<char> text)
    {
        var line = raw.TrimStart();
        letter = default;
        text = default;
        if (line.Length < 2 || line[0] is < 'A' or > 'Z' || line[1] is not ('.' or ')')) return false;
        if (line.Length > 2 && !char.IsWhiteSpace(line[2])) return false;
        letter = line[0];
        text = line[2..].Trim();
        return true;
    }

    /// <summary>The answer's letter: <c>B</c>, <c>B.</c> or <c>B. right</c>.</summary>
    public static bool TryAnswerLetter(string answer, out char letter)
    {
        var a = answer.AsSpan().Trim();
        letter = default;
        if (a.Length == 0 || a[0] is < 'A' or > 'Z') return false;
        if (a.Length > 1 && a[1] is not ('.' or ')' or ' ')) return false;
        letter = a[0];
        return true;
    }
}
