namespace Spar.Tests;

/// <summary>Locates the repository and the read-only <c>shared/</c> folder (specs, reference vectors) beside it.</summary>
public static class TestPaths
{
    public static readonly string RepoRoot = FindRepoRoot();

    /// <summary>CI lays a copy of shared/ beside the clone; a developer checkout has it there too.</summary>
    public static readonly string Shared = FindShared();

    public static string Vectors => Path.Combine(Shared, "vectors");

    static string FindShared()
    {
        var fromEnv = Environment.GetEnvironmentVariable("SPAR_SHARED");
        var dir = Path.GetFullPath(fromEnv ?? Path.Combine(RepoRoot, "..", "shared"));
        if (!Directory.Exists(Path.Combine(dir, "vectors")))
            throw new InvalidOperationException($"shared/ (specs and reference vectors) not found at {dir}: it must sit beside the repository, or set SPAR_SHARED");
        return dir;
    }

    static string FindRepoRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir != null; dir = dir.Parent)
            if (File.Exists(Path.Combine(dir.FullName, "spar.slnx"))) return dir.FullName;
        throw new InvalidOperationException("spar.slnx not found above " + AppContext.BaseDirectory);
    }

    /// <summary>A fresh empty directory under the system temp folder, deleted when disposed.</summary>
    public sealed class TempDir : IDisposable
    {
        public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "spar-test-" + Guid.NewGuid().ToString("N"));
        public TempDir() => Directory.CreateDirectory(Path);
        public string this[string relative] => System.IO.Path.Combine(Path, relative);
        public void Dispose() { try { Directory.Delete(Path, true); } catch (IOException) { } }
    }
}
