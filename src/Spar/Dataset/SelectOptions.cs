namespace Spar.Dataset;

/// <summary>The lettered options of a select question (<c>A. …</c> one per line) and its answer letter.</summary>
public static class SelectOptions
{
    /// <summary>Letters that start an option line (<c>A. left</c>, <c>B) right</c>), in order of appearance.</summary>
    public static IReadOnlyList<char> Letters(string question)
    {
        var letters = new List<char>(4);
        foreach (var raw in question.AsSpan().EnumerateLines())
        {
            var line = raw.TrimStart();
            if (line.Length >= 2 && line[0] is >= 'A' and <= 'Z' && line[1] is '.' or ')' && (line.Length == 2 || char.IsWhiteSpace(line[2])))
                if (!letters.Contains(line[0])) letters.Add(line[0]);
        }
        return letters;
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
