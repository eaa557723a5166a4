using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Spar.Util;

/// <summary>
/// A new file written front to back, then completed (or abandoned). Given a <see cref="DirectWrites"/> queue, its bytes
/// go to the disk with <c>O_DIRECT</c>, bypassing the page cache: they are gathered into aligned blocks, which the
/// queue's threads write while the caller goes on. Without one, they are written as they come with positional writes
/// (as an unbuffered FileStream would).
/// Why direct: on a VM the kernel's page-cache copy of a large output is CPU time taken from the conversion, and it
/// varies run to run with the state of the guest's memory (a 4M-row <c>import spar7m</c>, 2.7 GB of jsonl, spent
/// 1.6–7.4 s of system time writing through the page cache, against 0.8 s direct: docs/spar7m-release.md).
/// Invariants: one thread appends and completes; blocks are written at their own offsets, in any order; after
/// <see cref="Complete"/> the file holds exactly the appended bytes (the last block is written padded to the
/// alignment and the file cut back to its length).
/// </summary>
public sealed unsafe class SequentialFile : IDisposable
{
    readonly SafeFileHandle _handle;
    readonly DirectWrites? _queue;

    internal SafeFileHandle Handle => _handle;
    byte* _block; // the block being filled (direct only)
    int _filled;
    byte[]? _carry; // what a block given up under memory pressure left unwritten (less than the alignment), until the next block
    int _carried;

    /// <summary>The queue's count of appends at this file's last one: the block given up first is the least recently used.</summary>
    internal long LastUse;

    internal bool HoldsBlock => _block is not null;
    long _submitted; // bytes handed to the queue (direct) or written (not): a multiple of the alignment until the last block
    bool _lastHandedOver, _padded;

    public string Path { get; }

    /// <summary>Bytes appended so far.</summary>
    public long Length => _submitted + _filled + _carried;

    public bool IsDirect => _queue is not null;

    SequentialFile(string path, SafeFileHandle handle, DirectWrites? queue)
    {
        Path = path;
        _handle = handle;
        _queue = queue;
    }

    /// <summary>
    /// Creates <paramref name="path"/>, which must not exist: written directly through <paramref name="queue"/> if one is
    /// given and the kernel opens the file for it, otherwise through the page cache.
    /// </summary>
    public static SequentialFile CreateNew(string path, DirectWrites? queue)
    {
        if (queue is not null && DirectIo.OpenNew(path) is { } direct)
        {
            var file = new SequentialFile(path, direct, queue);
            queue.FileOpened(file);
            return file;
        }
        // Not asked, or refused: the .NET open, whose exceptions name the problem (the file exists, no permission, …).
        return new SequentialFile(path, File.OpenHandle(path, FileMode.CreateNew, FileAccess.Write, FileShare.None), null);
    }

    public void Append(ReadOnlySpan<byte> bytes)
    {
        if (_lastHandedOver) throw new InvalidOperationException($"{Path}: appended to after its last block was handed over");
        if (_queue is null)
        {
            RandomAccess.Write(_handle, bytes, _submitted);
            _submitted += bytes.Length;
            return;
        }
        ObjectDisposedException.ThrowIf(_queue.IsClosed, _queue); // its blocks, this file's among them, are freed
        LastUse = _queue.Tick();
        while (!bytes.IsEmpty)
        {
            if (_block is null) TakeBlock();
            int n = Math.Min(bytes.Length, DirectWrites.BlockBytes - _filled);
            bytes[..n].CopyTo(new Span<byte>(_block + _filled, n));
            _filled += n;
            bytes = bytes[n..];
            if (_filled == DirectWrites.BlockBytes)
            {
                _queue.Submit(this, _block, _submitted, DirectWrites.BlockBytes);
                _block = null;
                _submitted += DirectWrites.BlockBytes;
                _filled = 0;
            }
        }
    }

    /// <summary>
    /// Hands the last, partial block to the queue, padded with zeros to the alignment; nothing may be appended after it.
    /// Called on every file before any is completed, the last blocks of many files are written together rather than one
    /// device round trip after another (48 files: ~30 ms at the end of every import, seen with strace).
    /// </summary>
    public void HandOverLast()
    {
        if (_queue is null || _lastHandedOver) return;
        ObjectDisposedException.ThrowIf(_queue.IsClosed, _queue);
        _lastHandedOver = true;
        if (_filled == 0 && _carried == 0) return;
        if (_block is null) TakeBlock();
        int padded = (_filled + DirectIo.Alignment - 1) / DirectIo.Alignment * DirectIo.Alignment;
        new Span<byte>(_block + _filled, padded - _filled).Clear();
        _queue.Submit(this, _block, _submitted, padded);
        _block = null;
        _submitted += _filled; // the true length
        _padded = padded != _filled;
        _filled = 0;
    }

    void TakeBlock()
    {
        _block = _queue!.Rent();
        if (_carried == 0) return;
        _carry.AsSpan(0, _carried).CopyTo(new Span<byte>(_block, _carried));
        _filled = _carried;
        _carried = 0;
    }

    /// <summary>
    /// Gives the block up (the queue's memory is at its cap, on the appending thread): its whole aligned pages are handed
    /// over to be written, the rest (under the alignment) kept aside until the file's next block.
    /// </summary>
    internal void GiveUpBlock()
    {
        int aligned = _filled / DirectIo.Alignment * DirectIo.Alignment, rest = _filled - aligned;
        if (rest > 0) new ReadOnlySpan<byte>(_block + aligned, rest).CopyTo(_carry ??= new byte[DirectIo.Alignment]);
        _carried = rest;
        var block = _block;
        _block = null;
        _filled = 0;
        if (aligned == 0)
        {
            _queue!.Return(block);
            return;
        }
        _queue!.Submit(this, block, _submitted, aligned);
        _submitted += aligned;
    }

    /// <summary>Writes what is left, waits for the file's blocks and closes the file, which then holds exactly the appended bytes.</summary>
    public void Complete()
    {
        try
        {
            if (_queue is null) return;
            HandOverLast();
            _queue.Drain(); // every block handed over, of every file; a failure of any is thrown here
            if (_padded) RandomAccess.SetLength(_handle, _submitted); // the padding cut off
        }
        finally { Dispose(); } // closed even when a write failed
    }

    /// <summary>Closes the file without writing what is not yet written (the caller deletes an abandoned file).</summary>
    public void Dispose()
    {
        _handle.Dispose();
        if (_block is not null)
        {
            _queue!.Return(_block);
            _block = null;
        }
    }
}

/// <summary>
/// The writes of one run's direct files: full blocks, handed over by the appending thread, written at their offsets by
/// <see cref="Writers"/> threads of their own (several in flight: one synchronous direct write at a time reached 1.0 GB/s
/// on this machine's disk, four 1.9 GB/s). The blocks are aligned native memory, reused; at most one per open file
/// plus <see cref="Spare"/>, and never more than the cap given (64 MiB by default), so memory is bounded whatever the
/// files' number and size: at the cap, the file appended to least recently gives its block up (its whole pages written,
/// less than a page kept aside), and a slow disk holds the appender back instead of filling memory. The first failure is kept and thrown to the appender at its next call.
/// </summary>
public sealed unsafe class DirectWrites : IDisposable
{
    /// <summary>
    /// The size of every block written (a multiple of <see cref="DirectIo.Alignment"/>). 512 KiB: a 4M-row import, 3
    /// pairs each, took 0.95 of the wall time with it as with 256 KiB and 0.94 as with 1 MiB (whose blocks, one per
    /// file, also added 48 MiB of memory for 48 files).
    /// </summary>
    public const int BlockBytes = 1 << 19;

    const int Writers = 4, Spare = 16;

    readonly record struct Job(SequentialFile File, nint Block, long Offset, int Count);

    readonly object _gate = new();
    readonly Queue<Job> _jobs = new();
    readonly Stack<nint> _free = new();
    readonly List<nint> _allocated = [];
    readonly Thread[] _threads;
    readonly List<SequentialFile> _files = [];
    readonly int _maxBlocks;
    long _clock;
    int _pending;
    volatile bool _closed;
    Exception? _error;

    /// <summary>Disposed: its threads stopped and its blocks freed.</summary>
    internal bool IsClosed => _closed;

    /// <summary>Called on the writing thread before each block is written (tests make a write fail here).</summary>
    internal Action<SequentialFile, long>? BeforeWrite { get; init; }

    /// <param name="maxBlocks">the most blocks that exist at once (each <see cref="BlockBytes"/>); at least 1</param>
    public DirectWrites(int maxBlocks = 128)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBlocks, 1);
        _maxBlocks = maxBlocks;
        _threads = Enumerable.Range(0, Writers).Select(i => new Thread(Run) { IsBackground = true, Name = $"direct writes {i}" }).ToArray();
        foreach (var t in _threads) t.Start();
    }

    internal void FileOpened(SequentialFile file)
    {
        lock (_gate) _files.Add(file);
    }

    /// <summary>A count of appends (the appending thread's only), by which files are ordered from least recently used.</summary>
    internal long Tick() => ++_clock;

    internal byte* Rent()
    {
        lock (_gate)
        {
            while (true)
            {
                ObjectDisposedException.ThrowIf(_closed, this);
                ThrowIfFailed();
                if (_free.Count > 0) return (byte*)_free.Pop();
                if (_allocated.Count < Math.Min(_files.Count + Spare, _maxBlocks))
                {
                    var block = (nint)NativeMemory.AlignedAlloc(BlockBytes, DirectIo.Alignment);
                    _allocated.Add(block);
                    return (byte*)block;
                }
                if (_pending > 0) Monitor.Wait(_gate); // a block being written comes back
                else
                {
                    // Every block is held by a file being filled (the caller, which holds none, is on the appending
                    // thread, the only one that touches the files): the least recently used gives its block up.
                    SequentialFile? oldest = null;
                    foreach (var f in _files) if (f.HoldsBlock && (oldest is null || f.LastUse < oldest.LastUse)) oldest = f;
                    oldest!.GiveUpBlock();
                }
            }
        }
    }

    internal void Return(byte* block)
    {
        lock (_gate)
        {
            if (_closed) return; // freed with the rest
            _free.Push((nint)block);
            Monitor.PulseAll(_gate);
        }
    }

    internal void Submit(SequentialFile file, byte* block, long offset, int count)
    {
        lock (_gate)
        {
            ThrowIfFailed();
            _jobs.Enqueue(new Job(file, (nint)block, offset, count));
            _pending++;
            Monitor.PulseAll(_gate);
        }
    }

    /// <summary>Returns when every block handed over is written; throws the first failure.</summary>
    public void Drain()
    {
        lock (_gate)
        {
            while (_pending > 0 && _error is null) Monitor.Wait(_gate);
            ThrowIfFailed();
        }
    }

    void ThrowIfFailed()
    {
        if (_error is not null) throw new IOException(_error.Message, _error);
    }

    void Run()
    {
        while (true)
        {
            Job job;
            lock (_gate)
            {
                while (_jobs.Count == 0 && !_closed) Monitor.Wait(_gate);
                if (_closed) return; // abandoned (completed runs drained first): what is queued is not written
                job = _jobs.Dequeue();
            }
            Exception? error = null;
            try
            {
                BeforeWrite?.Invoke(job.File, job.Offset);
                RandomAccess.Write(job.File.Handle, new ReadOnlySpan<byte>((byte*)job.Block, job.Count), job.Offset);
            }
            catch (Exception e) // any failure, so that none ends the process from this thread: kept and thrown to the appender
            {
                error = new IOException($"{job.File.Path}: writing {job.Count:N0} bytes at offset {job.Offset:N0} failed: {e.Message}", e);
            }
            lock (_gate)
            {
                _error ??= error;
                _free.Push(job.Block);
                _pending--;
                Monitor.PulseAll(_gate);
            }
        }
    }

    /// <summary>Stops the threads (a write under way finishes first) and frees the blocks.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed) return;
            _closed = true;
            Monitor.PulseAll(_gate);
        }
        foreach (var t in _threads) t.Join();
        foreach (var b in _allocated) NativeMemory.AlignedFree((void*)b);
        _allocated.Clear();
        _free.Clear();
    }
}

/// <summary>
/// Whether an output folder gets direct writes, and the open that asks for them. Only local block-device file systems
/// are chosen (ext4, xfs), and only after a probe file there took an aligned direct write: on network file systems (NFS,
/// Lustre, GPFS) a direct write is a synchronous round trip, on tmpfs or overlay it buys nothing, and anything
/// unrecognised or refusing keeps the page cache. Linux only.
/// </summary>
public static partial class DirectIo
{
    /// <summary>Offsets, lengths and addresses of direct writes are multiples of this (512- and 4096-byte sectors).</summary>
    public const int Alignment = 4096;

    static readonly string[] FileSystems = ["ext4", "xfs"];

    // statfs(2)'s f_type of the file systems named here (linux/magic.h); ext2, ext3 and ext4 share one number.
    static readonly (long Magic, string Name)[] Magics =
    [
        (0xEF53, "ext4"), (0x58465342, "xfs"), (0x01021994, "tmpfs"), (0x9FA0, "proc"), (0x62656572, "sysfs"),
        (0x794C7630, "overlay"), (0x9123683E, "btrfs"), (0x6969, "nfs"), (0x0BD00BD0, "lustre"), (0x47504653, "gpfs"),
        (0x65735546, "fuse"), (0x00C36400, "ceph"),
    ];

    /// <summary>
    /// The file system holding <paramref name="folder"/> (which exists), by its statfs type number: "ext4", "xfs",
    /// "tmpfs", "nfs", …, or the number in hex; null off Linux or if it cannot be asked. statfs follows every symbolic
    /// link on the way, so a folder reached through a link to another mount (a cluster's /data → /mnt/lustre/…) is
    /// named by where it really is — matching the path against /proc/self/mountinfo, the first version, named the
    /// mount of the link's own path instead (a test keeps that case).
    /// </summary>
    public static string? FileSystemOf(string folder)
    {
        if (!OperatingSystem.IsLinux()) return null;
        long type;
        unsafe
        {
            byte* buffer = stackalloc byte[256]; // struct statfs: 120 bytes on x86-64 and arm64, f_type (a long) first
            try
            {
                if (StatFs(folder, buffer) != 0) return null;
            }
            catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; }
            type = *(nint*)buffer; // __fsword_t: a long, 8 bytes on 64-bit Linux, 4 on 32-bit
        }
        foreach (var (magic, name) in Magics) if (magic == type) return name;
        return $"0x{type:x}";
    }

    [LibraryImport("libc", EntryPoint = "statfs", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static unsafe partial int StatFs(string path, byte* buffer);

    /// <summary>
    /// Whether <paramref name="folder"/> (which exists) takes direct writes: on ext4 or xfs unless <paramref name="anyFileSystem"/>,
    /// and a probe file created there took one aligned direct write (the probe is removed).
    /// </summary>
    public static bool Probe(string folder, bool anyFileSystem = false)
    {
        if (!OperatingSystem.IsLinux()) return false;
        if (!anyFileSystem && !(FileSystemOf(folder) is { } t && FileSystems.Contains(t, StringComparer.Ordinal))) return false;
        var probe = System.IO.Path.Combine(folder, $".direct-io-probe.{Environment.ProcessId}.{Guid.NewGuid():N}");
        var handle = OpenNew(probe);
        if (handle is null) return false;
        unsafe
        {
            void* block = NativeMemory.AlignedAlloc(Alignment, Alignment);
            try
            {
                new Span<byte>(block, Alignment).Clear();
                RandomAccess.Write(handle, new ReadOnlySpan<byte>(block, Alignment), 0);
                return true;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException) { return false; }
            finally
            {
                NativeMemory.AlignedFree(block);
                handle.Dispose();
                try { File.Delete(probe); } catch (IOException) { } catch (UnauthorizedAccessException) { }
            }
        }
    }

    // O_DIRECT differs between architectures (x86's value vs asm-generic's); other architectures are not asked. .NET
    // has no way to ask for it on Unix (FILE_FLAG_NO_BUFFERING's FileOptions value is not passed on: seen with strace),
    // hence the open of our own.
    static int Flag => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 0x4000,
        Architecture.Arm64 => 0x10000,
        _ => 0,
    };

    const int O_WRONLY = 0x1, O_CREAT = 0x40, O_EXCL = 0x80, O_CLOEXEC = 0x80000;

    /// <summary>A new file opened for direct writes, or null if the kernel refused (e.g. EINVAL: no direct I/O there).</summary>
    internal static SafeFileHandle? OpenNew(string path)
    {
        if (!OperatingSystem.IsLinux() || Flag == 0 || File.Exists(path)) return null; // an existing file is the caller's error, raised by its own open
        int fd;
        try { fd = Open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | Flag, 0b110_110_110); } // 0666 less the umask, as .NET creates files
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException) { return null; } // no C library by that name
        if (fd >= 0) return new SafeFileHandle((IntPtr)fd, ownsHandle: true);
        // Refused. A kernel that cannot do direct I/O on the file system may say so only after creating the file (EINVAL
        // with the file left behind): it did not exist a moment ago, so it is removed for the caller's own open. Any
        // other refusal (EEXIST, EACCES, …) leaves the path alone: the caller's .NET open reports it.
        const int EINVAL = 22;
        if (Marshal.GetLastPInvokeError() == EINVAL)
            try { File.Delete(path); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        return null;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int Open(string path, int flags, int mode);
}
