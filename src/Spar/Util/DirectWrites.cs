using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Spar.Util;

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
