using System.Globalization;

namespace Spar.Dataset;

/// <summary>The <c>&lt;format&gt;_&lt;N&gt;.jsonl</c> naming of SPAR-7M annotation files.</summary>
public static class QaFileName
{
    /// <summary>
    /// The declared record count: the last <c>_</c>-separated part of the stem as Python's <c>int()</c> reads it
    /// (surrounding whitespace, a sign and <c>_</c> between digits are allowed; since we split on <c>_</c> the last can't occur).
    /// </summary>
    public static bool TryDeclaredCount(string fileName, out long count)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        var last = stem[(stem.LastIndexOf('_') + 1)..];
        return long.TryParse(last.Trim(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out count);
    }

    /// <summary>The same name with the count part replaced: <c>fill_40.jsonl</c> → <c>fill_45.jsonl</c>.</summary>
    public static string WithCount(string fileName, long count)
    {
        var stem = Path.GetFileNameWithoutExtension(fileName);
        int us = stem.LastIndexOf('_');
        var head = us >= 0 ? stem[..(us + 1)] : stem + "_";
        return head + count.ToString(CultureInfo.InvariantCulture) + Path.GetExtension(fileName);
    }
}
