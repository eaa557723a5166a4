using System.Text.RegularExpressions;
using Spar.Util;

namespace Spar.Cli;

/// <summary>How file-system errors are put to the user.</summary>
static partial class ErrorText
{
    /// <summary>
    /// .NET's <c>No space left on device : '/out/.x.jpg.123.&lt;guid&gt;.tmp'</c> as <c>No space left on device:
    /// /out/x.jpg</c>: the reason, then the file the command was writing (a temp name is spar's business, the file it
    /// stands for is the user's).
    /// </summary>
    public static string Io(Exception e)
    {
        var m = ReasonAndPath().Match(e.Message);
        if (!m.Success) return e.Message;
        var path = m.Groups["path"].Value;
        if (StaleTemps.TryParse(Path.GetFileName(path), out _, out var name)) path = Path.Combine(Path.GetDirectoryName(path) ?? "", name);
        return $"{m.Groups["reason"].Value}: {path}";
    }

    [GeneratedRegex(@"^(?<reason>[^']+?) : '(?<path>.+)'$")]
    private static partial Regex ReasonAndPath();
}
