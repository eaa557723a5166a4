using System.Runtime.InteropServices;
using Microsoft.Win32.SafeHandles;

namespace Spar.Util;

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
