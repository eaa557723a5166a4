using Spar.Util;

namespace Spar.Scenes.Importers;

/// <summary>
/// A real dataset turned into spar scenes: one <c>spar import &lt;name&gt;</c>. An importer only knows its source's
/// files; <see cref="SceneImport.Run"/> does the rest the same way for every source (locks, the foreign-folder check,
/// parallel scenes, progress, one failed scene not stopping the others) and <see cref="SceneFolder"/> writes each scene
/// safely. docs/importers.md tells how to add one; <see cref="ScanNet.ScanNetImporter"/> is the worked example.
/// </summary>
/// <typeparam name="TScene">One scene found in the user's inputs (the paths of its source files).</typeparam>
/// <typeparam name="TReport">What was imported for one scene, and what was skipped.</typeparam>
public interface ISceneImporter<TScene, out TReport>
    where TScene : IFoundScene
    where TReport : IImportedScene
{
    /// <summary>
    /// The source's name, lower case (<c>scannet</c>): the subcommand, the output source folder
    /// <c>&lt;out&gt;/&lt;name&gt;/images/</c> and the ownership marker <c>.spar-import-&lt;name&gt;</c>.
    /// </summary>
    string Name { get; }

    /// <summary>What one unit of <see cref="CountWork"/> is, singular (<c>frame</c>), for the progress line.</summary>
    string WorkUnit { get; }

    /// <summary>
    /// The scenes in the user's <paramref name="input"/> folder, in ordinal id order: <paramref name="only"/> when given
    /// (each must exist), else every scene found. Throws <see cref="SparException"/> naming the folder when there is none.
    /// </summary>
    IReadOnlyList<TScene> Discover(string input, IReadOnlyList<string>? only);

    /// <summary>
    /// How many <see cref="WorkUnit"/>s importing <paramref name="scene"/> will report (the progress total). Reads
    /// headers only; a <see cref="SparException"/> here fails this scene before any work.
    /// </summary>
    long CountWork(TScene scene);

    /// <summary>
    /// Imports one scene: writes its whole folder (the <see cref="RgbdLayout"/> files, <c>scene.json</c> last) into
    /// <see cref="SceneFolder.Staging"/> and calls <see cref="SceneFolder.Commit"/>. Bad input is a
    /// <see cref="SparException"/> naming the file (and line or record): it fails this scene only, and the folder
    /// removes what was staged.
    /// </summary>
    TReport Import(TScene scene, SceneFolder folder, SceneImportContext context);
}

/// <summary>One scene an importer found: its id (the output folder's name) and the folder its files are in (for messages).</summary>
public interface IFoundScene
{
    string SceneId { get; }
    string Folder { get; }
}

/// <summary>What an importer reports for an imported scene; <see cref="Summary"/> is its line in the command's output.</summary>
public interface IImportedScene
{
    string SceneId { get; }

    /// <summary>One line: what was written, from what (e.g. "40 frames, 32 video frames, 12 objects …").</summary>
    string Summary { get; }

    /// <summary>Everything skipped or assumed, each once, with its file: never silent.</summary>
    IReadOnlyList<string> Warnings { get; }

    string OutputFolder { get; }
}

/// <summary>What <see cref="SceneImport.Run"/> hands an importer for one scene.</summary>
/// <param name="Threads">Threads this scene may use (what is left over when there are fewer scenes than threads).</param>
/// <param name="Progress">Advance it by one <see cref="ISceneImporter{TScene, TReport}.WorkUnit"/> at a time.</param>
/// <param name="Cancel">Stops the import (Ctrl-C, SIGTERM): throw, and the staged scene is removed.</param>
public sealed record SceneImportContext(int Threads, ProgressTracker Progress, CancellationToken Cancel);

/// <summary>
/// The user's side of one <c>spar import &lt;name&gt;</c>: what every importer takes. Each source's options derive
/// from it (<c>ScanNetImportOptions : SceneImportRequest</c>), so the shared settings have this one home and the
/// command hands over what it parsed (<c>new XImportOptions(request) { … }</c>) instead of copying field by field.
/// </summary>
public record SceneImportRequest
{
    /// <summary>The dataset's folder as the user has it (e.g. ScanNet's <c>scans/</c>).</summary>
    public required string Input { get; init; }

    /// <summary>Output root: scenes go to <c>&lt;OutDir&gt;/&lt;name&gt;/images/&lt;scene&gt;/</c>.</summary>
    public required string OutDir { get; init; }

    /// <summary>Scene ids to import (null: every scene found).</summary>
    public IReadOnlyList<string>? Scenes { get; init; }

    public int Threads { get; init; } = 1;

    /// <summary>
    /// <c>--shard K/N</c>: only shard K of N of the discovered scenes, assigned as <c>spar generate --shard</c> assigns
    /// them (<see cref="Generation.ShardSpec.Select"/>: ranked by stable id hash over the whole discovered list, sizes
    /// within one) — so N imports of a job array write disjoint scene sets whose union is the unsharded import.
    /// </summary>
    public Generation.ShardSpec Shard { get; init; } = Generation.ShardSpec.Whole;

    public CancellationToken Cancel { get; init; }
}

/// <summary>A scene that could not be imported, with the reason; other scenes still are.</summary>
public sealed record SceneImportFailure(string SceneId, string Message);

public sealed record SceneImportReport<TReport>(IReadOnlyList<TReport> Scenes, IReadOnlyList<SceneImportFailure> Failures)
    where TReport : IImportedScene;
