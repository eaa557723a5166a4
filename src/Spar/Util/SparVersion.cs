using System.Reflection;

namespace Spar.Util;

/// <summary>
/// spar's version as <c>spar --version</c> prints it: the package version plus the commit it was built from
/// (<c>0.1.0+&lt;sha&gt;</c>, from Directory.Build.props and the build's SourceRevisionId). Every manifest that records
/// the version writes this, so a manifest can be matched to the build that wrote it.
/// </summary>
public static class SparVersion
{
    public static readonly string Text =
        typeof(SparVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(SparVersion).Assembly.GetName().Version?.ToString() ?? "unknown";
}
