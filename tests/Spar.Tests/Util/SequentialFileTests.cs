using System.Diagnostics;
using CsCheck;
using Spar.Util;

namespace Spar.Tests.Util;

/// <summary>
/// <see cref="SequentialFile"/> and <see cref="DirectWrites"/>: whatever the sizes and interleaving of the appends, a
/// completed file holds exactly the bytes appended to it, written directly or through the page cache; a failed direct
/// write reaches the appender naming the file; <see cref="DirectIo"/> names the file system as findmnt does, through links too.
/// </summary>
public class SequentialFileTests
{
    // Sizes around the block and alignment edges, and ordinary ones.
    static readonly Gen<int> ChunkSize = Gen.Frequency(
        (3, Gen.Int[0, 5000]),
        (2, Gen.Int[0, 3].Select(k => DirectWrites.BlockBytes - 1 + k % 3)),
        (2, Gen.Int[0, 3].Select(k => DirectIo.Alignment - 1 + k % 3)),
        (1, Gen.Int[0, 3 * DirectWrites.BlockBytes]));

    static bool DirectHere(string folder) => DirectIo.Probe(folder, anyFileSystem: true);

    [Fact]
    public void Completed_files_hold_exactly_the_appended_bytes_direct_or_not()
    {
        using var dir = new TestPaths.TempDir();
        bool direct = DirectHere(dir.Path);
        // On this project's machines (Linux, ext4) the direct path is the one under test: it must not quietly be skipped.
        if (OperatingSystem.IsLinux() && DirectIo.FileSystemOf(dir.Path) is "ext4" or "xfs") Assert.True(direct, "an ext4/xfs temp folder must take direct writes");
        // Up to six files at once through one queue, each append to a file chosen by the sample (samples run in
        // parallel: each has its own file names); the queue's cap on blocks sometimes below the number of files, so
        // that files give their blocks up part-filled and take them back.
        Gen.Select(Gen.Int[1, 6], Gen.Select(Gen.Int[0, 5], ChunkSize).Array[1, 16], Gen.Bool, Gen.Int, Gen.Int[1, 8]).Sample((files, appends, useQueue, seed, cap) =>
        {
            var name = Guid.NewGuid().ToString("N");
            using var queue = useQueue ? new DirectWrites(maxBlocks: cap) : null;
            var written = Enumerable.Range(0, files).Select(i => SequentialFile.CreateNew(dir[$"{name}-{i}"], queue)).ToArray();
            var expected = Enumerable.Range(0, files).Select(_ => new MemoryStream()).ToArray();
            var random = new Random(seed);
            foreach (var (which, size) in appends)
            {
                var bytes = new byte[size];
                random.NextBytes(bytes);
                written[which % files].Append(bytes);
                expected[which % files].Write(bytes);
            }
            foreach (var f in written)
            {
                Assert.Equal(useQueue && direct, f.IsDirect);
                if (seed % 2 == 0) f.HandOverLast(); // as the import does: every file's last block handed over before any completes
            }
            foreach (var f in written) f.Complete();
            for (int i = 0; i < files; i++)
            {
                var actual = File.ReadAllBytes(dir[$"{name}-{i}"]);
                Assert.True(expected[i].ToArray().AsSpan().SequenceEqual(actual), $"file {i}: {actual.Length} bytes, {expected[i].Length} appended");
                File.Delete(dir[$"{name}-{i}"]);
            }
        }, iter: 60);
    }

    [Fact]
    public void A_direct_file_is_really_opened_for_direct_io()
    {
        // The kernel refuses a misaligned write to a file opened with O_DIRECT (EINVAL) and takes it through the page
        // cache otherwise: the check that the flag reached the kernel, which neither the bytes nor the API can show.
        using var dir = new TestPaths.TempDir();
        if (!DirectHere(dir.Path)) return;
        using var queue = new DirectWrites();
        var file = SequentialFile.CreateNew(dir["direct"], queue);
        Assert.True(file.IsDirect);
        Assert.ThrowsAny<IOException>(() => RandomAccess.Write(file.Handle, new byte[100], 1));
        file.Dispose();
        using var plain = File.OpenHandle(dir["plain"], FileMode.CreateNew, FileAccess.Write);
        RandomAccess.Write(plain, new byte[100], 1);
    }

    [Fact]
    public void A_file_whose_queue_is_disposed_refuses_appends_instead_of_writing_into_freed_blocks()
    {
        using var dir = new TestPaths.TempDir();
        if (!DirectHere(dir.Path)) return;
        var queue = new DirectWrites();
        var file = SequentialFile.CreateNew(dir["out"], queue);
        file.Append(new byte[1000]); // the file now holds a block
        queue.Dispose(); // as an abandoned import does before closing its files
        Assert.Throws<ObjectDisposedException>(() => file.Append(new byte[10]));
        Assert.Throws<ObjectDisposedException>(() => file.HandOverLast());
        file.Dispose(); // gives its (freed) block back: ignored
    }

    [Fact]
    public void A_failed_direct_write_is_thrown_to_the_appender_naming_the_file()
    {
        using var dir = new TestPaths.TempDir();
        if (!DirectHere(dir.Path)) return; // nothing is written directly here (not Linux, or a file system that refuses)
        using var queue = new DirectWrites { BeforeWrite = (f, offset) => { if (offset == DirectWrites.BlockBytes) throw new IOException("No space left on device"); } };
        var file = SequentialFile.CreateNew(dir["out.jsonl"], queue);
        Assert.True(file.IsDirect);
        var block = new byte[DirectWrites.BlockBytes];
        var e = Assert.Throws<IOException>(() =>
        {
            for (int i = 0; i < 64; i++) file.Append(block); // the second block's write fails (only it: the writers run in parallel); a later call throws
            file.Complete();
        });
        Assert.Contains(dir["out.jsonl"], e.Message);
        Assert.Contains("No space left on device", e.Message);
        Assert.Contains($"at offset {DirectWrites.BlockBytes:N0}", e.Message);
        file.Dispose();
    }

    [Fact]
    public void The_file_system_is_the_one_findmnt_names_and_only_ext4_or_xfs_is_chosen()
    {
        if (!OperatingSystem.IsLinux()) return;
        using var dir = new TestPaths.TempDir();
        // A folder reached through a symbolic link to another mount is named by where it really is (findmnt resolves
        // the link too): a folder on /dev/shm (tmpfs) seen through a link in the temp folder (ext4 here), the link
        // not the last part of the path — matching the path against the mount table got that case wrong.
        string? shm = Directory.Exists("/dev/shm") ? Path.Combine("/dev/shm", "spar-test-" + Guid.NewGuid().ToString("N")) : null;
        string? throughLink = null;
        try
        {
            if (shm is not null)
            {
                Directory.CreateDirectory(Path.Combine(shm, "sub"));
                Directory.CreateSymbolicLink(dir["shm"], shm);
                throughLink = Path.Combine(dir["shm"], "sub");
            }
            foreach (var folder in new[] { dir.Path, "/dev/shm", "/proc", throughLink }.OfType<string>())
            {
                string? findmnt = Run("findmnt", "-n", "-o", "FSTYPE", "--target", folder);
                if (findmnt is null) return; // util-linux absent
                var type = DirectIo.FileSystemOf(folder);
                Assert.Equal(findmnt.Split('\n')[^1].Trim(), type); // stacked mounts: the last listed is the visible one
                Assert.Equal(type is "ext4" or "xfs" && DirectHere(folder), DirectIo.Probe(folder));
            }
            if (throughLink is not null) Assert.Equal("tmpfs", DirectIo.FileSystemOf(throughLink));
            Assert.False(DirectIo.Probe("/proc")); // proc is not chosen, whatever it accepts
        }
        finally
        {
            if (throughLink is not null) File.Delete(dir["shm"]); // the link, not what it points to
            if (shm is not null) Directory.Delete(shm, recursive: true);
        }
        Assert.Empty(Directory.EnumerateFileSystemEntries(dir.Path)); // the probe leaves nothing behind
    }

    static string? Run(string program, params string[] args)
    {
        try
        {
            var psi = new ProcessStartInfo(program) { RedirectStandardOutput = true, UseShellExecute = false };
            foreach (var a in args) psi.ArgumentList.Add(a);
            using var p = Process.Start(psi)!;
            var output = p.StandardOutput.ReadToEnd().Trim();
            p.WaitForExit();
            return p.ExitCode == 0 ? output : null;
        }
        catch (System.ComponentModel.Win32Exception) { return null; }
    }
}
