using System.Globalization;
using System.Text.RegularExpressions;

namespace Spar.Dataset.Layout;

/// <summary>
/// A folder of numbered frames in a download (<c>174.jpg</c>, <c>000174.jpg</c>, <c>frame-000174.color.jpg</c>,
/// <c>frame_000174.jpg</c>): the frame number of each file, read once. Two files with one number keep the first in
/// ordinal name order, so the choice does not depend on the file system's listing order.
/// </summary>
public sealed class FrameFolder
{
    readonly SortedDictionary<long, string> _byFrame = new();

    FrameFolder(string path, bool allCanonical)
    {
        Path = path;
        AllCanonical = allCanonical;
    }

    public string Path { get; }

    /// <summary>Every frame file is named <c>&lt;frame&gt;.&lt;ext&gt;</c> without padding: the folder can be linked as a whole.</summary>
    public bool AllCanonical { get; }

    /// <summary>The frames in number order.</summary>
    public IEnumerable<KeyValuePair<long, string>> Frames => _byFrame;

    public int Count => _byFrame.Count;

    public string? File(long frame) => _byFrame.GetValueOrDefault(frame);

    /// <summary>Reads <paramref name="path"/>'s files matching <paramref name="name"/> (group 1 = the frame number); null when the folder is missing.</summary>
    public static FrameFolder? Read(string path, Regex name, string extension)
    {
        if (!Directory.Exists(path)) return null;
        var files = Directory.EnumerateFiles(path).Select(f => System.IO.Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList();
        var found = new List<(long Frame, string File)>();
        bool canonical = true;
        foreach (var file in files)
        {
            var m = name.Match(file);
            if (!m.Success || !long.TryParse(m.Groups[1].ValueSpan, NumberStyles.None, CultureInfo.InvariantCulture, out var frame)) continue;
            found.Add((frame, file));
            canonical &= file == frame.ToString(CultureInfo.InvariantCulture) + extension;
        }
        var folder = new FrameFolder(path, canonical && found.Count > 0);
        foreach (var (frame, file) in found)
            folder._byFrame.TryAdd(frame, System.IO.Path.Combine(path, file));
        return folder;
    }
}
