using System.Globalization;
using Spar.Util;

namespace Spar.Scenes.Importers;

/// <summary>
/// Reading a source's files and numbers with the importers' one wording for what went wrong: an unreadable file is
/// "<c>PATH: cannot read: reason</c>", a bad number "<c>AT: WHAT 'text' is not a finite number</c>" (AT is file:line).
/// </summary>
static class ImportFiles
{
    public static string[] ReadLines(string path) => Read(path, File.ReadAllLines);

    public static byte[] ReadBytes(string path) => Read(path, File.ReadAllBytes);

    static T Read<T>(string path, Func<string, T> read)
    {
        try { return read(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{path}: cannot read: {e.Message}", e); }
    }

    public static double Finite(string s, string at, string what) =>
        double.TryParse(s, NumberStyles.Float, CultureInfo.InvariantCulture, out double v) && double.IsFinite(v) ? v
        : throw new SparException($"{at}: {what} '{s}' is not a finite number");
}
