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
