namespace Spar.Util;

/// <summary>Writes files so that a reader (or a crash) never sees a half-written one: temp file beside it, then rename.</summary>
public static class AtomicFile
{
    public static void Write(string path, Action<Stream> write)
    {
        var full = Path.GetFullPath(path);
        var dir = Path.GetDirectoryName(full)!;
        Directory.CreateDirectory(dir);
        var tmp = Path.Combine(dir, StaleTemps.NameFor(Path.GetFileName(full)));
        try
        {
            using (var fs = new FileStream(tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16))
            {
                write(fs);
                fs.Flush(flushToDisk: false);
            }
            File.Move(tmp, full, overwrite: true);
        }
        catch
        {
            TryDelete(tmp);
            throw;
        }
    }

    public static void WriteAllText(string path, string text) =>
        Write(path, s => { var b = new System.Text.UTF8Encoding(false).GetBytes(text); s.Write(b); });

    public static void WriteAllBytes(string path, ReadOnlySpan<byte> bytes)
    {
        var copy = bytes.ToArray();
        Write(path, s => s.Write(copy));
    }

    /// <summary>
    /// Gives up a temp file being written: closes <paramref name="stream"/> (whose last buffered bytes may fail to
    /// flush, e.g. on a full disk: that must not keep the temp) and deletes <paramref name="tmp"/>.
    /// </summary>
    public static void Abandon(IDisposable? stream, string tmp)
    {
        try { stream?.Dispose(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        TryDelete(tmp);
    }

    static void TryDelete(string path)
    {
        try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
    }
}
