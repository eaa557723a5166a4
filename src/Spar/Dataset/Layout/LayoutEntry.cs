namespace Spar.Dataset.Layout;

/// <summary>How one file (or folder) of the images tree is made from the user's download.</summary>
public enum LayoutAction
{
    /// <summary>A symbolic link to the download's file or folder (the official scripts' default).</summary>
    Link,
    /// <summary>A byte copy of the download's file (<c>--copy</c>).</summary>
    Copy,
    /// <summary>The download's PNG re-encoded as JPEG quality 95 (Structured3D: records name <c>.jpg</c>, the download has <c>.png</c>).</summary>
    Jpeg,
}

/// <summary>
/// One entry of the images tree: <paramref name="Relative"/> (with <c>/</c>, relative to <c>&lt;source&gt;/images</c>)
/// made from <paramref name="SourcePath"/> (a full path in the download). <paramref name="IsDirectory"/> only for a
/// whole-folder link (ScanNet's <c>image_color/</c> → the SensReader export, as <c>prepare_scannet_layout.py</c> does).
/// </summary>
public sealed record LayoutEntry(string Relative, string SourcePath, LayoutAction Action, bool IsDirectory = false);

/// <summary>One scene of a download, as a layout source reads it.</summary>
public abstract class SceneDownload(string scene)
{
    public string Scene { get; } = scene;

    /// <summary>
    /// Every entry the official script makes for this scene. <paramref name="video"/> is the scene's <c>video_idx.txt</c>
    /// (frame numbers in video order) when the images tree has one; <paramref name="canLinkFolder"/> says whether a
    /// folder of the tree may become a whole-folder link (not when it is a real folder already, or with <c>--copy</c>).
    /// </summary>
    public abstract IEnumerable<LayoutEntry> All(LayoutOptions options, IReadOnlyList<long>? video, Func<string, bool> canLinkFolder);

    /// <summary>The entry that provides one path a record references (relative to the scene folder), or null with why not.</summary>
    public abstract LayoutEntry? Provide(string relativeInScene, LayoutOptions options, out string? whyNot);

    /// <summary>The file action for a plain file: a link, or a copy with <c>--copy</c>.</summary>
    protected static LayoutAction FileAction(LayoutOptions options) => options.Copy ? LayoutAction.Copy : LayoutAction.Link;
}

/// <summary>A dataset whose download a layout is built from: finds its scenes.</summary>
public interface ILayoutSource
{
    /// <summary>The SPAR-7M source name (<c>scannet</c>, <c>scannetpp</c>, <c>structured3d</c>).</summary>
    string Name { get; }

    /// <summary>The scenes in the download, sorted (ordinal), each with its folders found; throws a <see cref="Util.SparException"/> when the folder is not such a download.</summary>
    IReadOnlyList<SceneDownload> Scenes(string downloadRoot);
}
