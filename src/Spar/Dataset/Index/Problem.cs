namespace Spar.Dataset;

public enum Severity { Warning, Error }

/// <summary>A problem found in the user's data, located by file and 1-based line (0 = the file as a whole).</summary>
public sealed record Problem(string File, long Line, Severity Severity, string Kind, string Message)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Message}" : $"{File}: {Message}";
}
