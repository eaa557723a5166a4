using Spar.Scenes;
using Spar.Util;

namespace Spar.Generation;

/// <summary>
/// One scene to process: its scene.json, the images root its paths are relative to (the folder holding the scene
/// folder, i.e. <c>&lt;root&gt;/&lt;source&gt;/images</c>), and its id (the scene folder's name, checked against the file).
/// </summary>
public sealed record SceneInput(string SceneJsonPath, string ImagesRoot, string SceneId);

public static class SceneInputs
{
    /// <summary>
    /// Finds scenes: a folder holding scene.json is one scene; any other folder is searched recursively. Sorted by
    /// scene id (ordinal); the same id twice is an error.
    /// </summary>
    public static IReadOnlyList<SceneInput> Discover(IReadOnlyList<string> roots)
    {
        var found = new List<SceneInput>();
        foreach (var root in roots)
        {
            if (File.Exists(root) && Path.GetFileName(root) == SceneJson.FileName) { found.Add(Make(Path.GetFullPath(root))); continue; }
            if (!Directory.Exists(root)) throw new SparException($"{root}: scene folder not found");
            var direct = Path.Combine(root, SceneJson.FileName);
            if (File.Exists(direct)) { found.Add(Make(Path.GetFullPath(direct))); continue; }
            foreach (var f in Directory.EnumerateFiles(root, SceneJson.FileName, SearchOption.AllDirectories).Order(StringComparer.Ordinal))
                found.Add(Make(Path.GetFullPath(f)));
        }
        if (found.Count == 0) throw new SparException($"no {SceneJson.FileName} found under {string.Join(", ", roots)}");
        // The same scene reached through overlapping --scenes arguments is one scene, not a clash.
        found = found.DistinctBy(s => s.SceneJsonPath, StringComparer.Ordinal).ToList();
        var dup = found.GroupBy(s => s.SceneId, StringComparer.Ordinal).FirstOrDefault(g => g.Count() > 1);
        if (dup != null)
            throw new SparException($"scene id '{dup.Key}' appears twice: {string.Join(" and ", dup.Select(s => s.SceneJsonPath))}");
        return found.OrderBy(s => s.SceneId, StringComparer.Ordinal).ToList();
    }

    /// <summary>SHA-256 (hex, 128 bits) of the scene's scene.json: what a committed part was made from.</summary>
    public static string ContentHash(SceneInput input) => ContentHash(SceneJsonReader.ReadBytes(input.SceneJsonPath));

    public static string ContentHash(ReadOnlySpan<byte> sceneJson) => Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(sceneJson))[..32];

    static SceneInput Make(string sceneJson)
    {
        var sceneDir = Path.GetDirectoryName(sceneJson)!;
        return new SceneInput(sceneJson, Path.GetDirectoryName(sceneDir) ?? sceneDir, Path.GetFileName(sceneDir));
    }
}
