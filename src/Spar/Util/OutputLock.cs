using System.Globalization;
using System.Text.Json;

namespace Spar.Util;

/// <summary>
/// An exclusive lock on an output folder for the life of one command, so that two runs writing into the same place
/// (two <c>generate</c>s into one <c>--out</c>, two <c>bench build</c>s, two imports of one scene) cannot interleave.
/// The lock is an OS file lock: the lock file is opened with <see cref="FileShare.None"/>, which .NET turns into an
/// advisory <c>flock(LOCK_EX)</c> on Linux and macOS (a share-mode lock on Windows). The kernel drops it when the process
/// ends however it ends, so a run killed with <c>kill -9</c> never leaves a lock that blocks the next run: the lock file
/// it leaves behind is just a file. The file itself is therefore never deleted on release: deleting it would let a run
/// that opened it a moment before lock a file no longer at that path while a third run locks a new one.
/// Who holds it (pid, host, start time, command) goes into a <c>.holder</c> file beside it, since a flock'd file cannot
/// be read by the process it shuts out; a second run fails at once naming that holder.
/// </summary>
public sealed class OutputLock : IDisposable
{
    const string HolderSuffix = ".holder";

    readonly FileStream _stream;
    readonly string _holderPath;
    bool _disposed;

    OutputLock(string path, FileStream stream, bool createdFile)
    {
        Path = path;
        _stream = stream;
        _holderPath = path + HolderSuffix;
        CreatedFile = createdFile;
    }

    /// <summary>The lock file.</summary>
    public string Path { get; }

    /// <summary>Whether the lock file did not exist before this run (so a run refused by its own checks can leave no trace).</summary>
    public bool CreatedFile { get; }

    /// <summary>The lock file <c>.&lt;name&gt;.lock</c> in <paramref name="folder"/>: the one naming rule of spar's locks.</summary>
    public static string PathIn(string folder, string name) => System.IO.Path.Combine(folder, $".{name}.lock");

    /// <summary>True for the names of lock and holder files (<see cref="PathIn"/>), which commands checking a folder's contents ignore.</summary>
    public static bool IsLockFile(string fileName) =>
        fileName.StartsWith('.') && (fileName.EndsWith(".lock", StringComparison.Ordinal) || fileName.EndsWith(".lock" + HolderSuffix, StringComparison.Ordinal));

    /// <summary>
    /// Takes the lock at <paramref name="lockPath"/> (creating the file and its folder) or throws a
    /// <see cref="SparException"/> naming the holder, without waiting. <paramref name="what"/> says what is locked, for
    /// the message (e.g. "generate --out /data/out").
    /// </summary>
    public static OutputLock Acquire(string lockPath, string what)
    {
        var full = System.IO.Path.GetFullPath(lockPath);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(full)!);
        bool existed = File.Exists(full);
        FileStream stream;
        try
        {
            stream = new FileStream(full, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException e) when (IsHeld(e))
        {
            throw new SparException($"{what}: another spar run is writing there ({DescribeHolder(full + HolderSuffix)}; lock {full}). " +
                "Wait for it to finish or stop it; a run that was killed releases the lock by itself");
        }
        var held = new OutputLock(full, stream, !existed);
        try { AtomicFile.WriteAllBytes(held._holderPath, HolderJson().Span); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { } // the lock holds without its description
        return held;
    }

    /// <summary>Releases the lock (the holder file goes first, so it never describes a run that no longer holds it).</summary>
    public void Dispose()
    {
        if (_disposed) return;
        _disposed = true;
        try { File.Delete(_holderPath); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        _stream.Dispose();
    }

    /// <summary>
    /// Releases the lock and removes the lock file: only when this run created the file and leaves nothing else behind
    /// (a refused or failed first run), so that it leaves no trace. The file is unlinked while still locked; a run that
    /// opened it in the same microsecond may then lock the unlinked file — the one race kept (see the class remarks).
    /// </summary>
    public void DisposeAndDelete()
    {
        if (_disposed) return;
        try { File.Delete(_holderPath); File.Delete(Path); } catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
        Dispose();
    }

    // EWOULDBLOCK (11 on Linux, 35 on macOS) from flock, ERROR_SHARING_VIOLATION / ERROR_LOCK_VIOLATION on Windows.
    static bool IsHeld(IOException e) => e.HResult is 11 or 35 or unchecked((int)0x80070020) or unchecked((int)0x80070021);

    static ReadOnlyMemory<byte> HolderJson()
    {
        using var self = System.Diagnostics.Process.GetCurrentProcess();
        var started = self.StartTime.ToUniversalTime();
        // Written with Utf8JsonWriter, not JsonSerializer: the serializer's reflection path (a dictionary of objects)
        // loaded Reflection.Emit and compiled serialization code at run time in every command that takes a lock, ~0.1 s
        // of a short import's start (strace: from the lock file to its holder file).
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("pid", Environment.ProcessId);
            w.WriteString("host", Environment.MachineName);
            w.WriteString("started", started.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture));
            w.WriteString("command", string.Join(' ', Environment.GetCommandLineArgs()));
            w.WriteEndObject();
        }
        System.Buffers.BuffersExtensions.Write(buffer, "\n"u8);
        return buffer.WrittenMemory;
    }

    /// <summary>"pid 123 on host h, started 2026-…Z: spar generate …", or why it cannot be told.</summary>
    internal static string DescribeHolder(string holderPath)
    {
        try
        {
            using var doc = JsonDocument.Parse(File.ReadAllBytes(holderPath));
            var r = doc.RootElement;
            return $"pid {r.GetProperty("pid").GetInt32()} on host {r.GetProperty("host").GetString()}, started {r.GetProperty("started").GetString()}: " +
                   r.GetProperty("command").GetString();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            return "holder unknown: it has not described itself yet";
        }
    }
}
