using Spar.Scenes.Rendering;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Which instance masks a ScanNet scene gets (<c>--masks</c>), and the labelled mesh they are rendered from: the
/// <c>_vh_clean_2.ply</c> triangles in the aligned world, each vertex carrying the id of the imported object its
/// segment belongs to (segs + aggregation), 0 for vertices of no imported object (they still hide what is behind them).
/// </summary>
static class ScanNetMeshMasks
{
    /// <summary>
    /// <see cref="InstanceMaskSource.Auto"/>: ScanNet's own projections when the scene has them (they come with the
    /// release), else the mesh rendering when the mesh and its annotations are there, else none. An explicit choice
    /// the scene cannot satisfy fails it, naming what is missing.
    /// </summary>
    public static InstanceMaskSource Resolve(ScanNetSceneFiles files, InstanceMaskSource requested) => requested switch
    {
        InstanceMaskSource.Auto => files.InstanceMasks != null ? InstanceMaskSource.Sensor
            : files.HasAnnotations ? InstanceMaskSource.Render : InstanceMaskSource.None,
        InstanceMaskSource.Sensor when files.InstanceMasks == null =>
            throw new SparException($"{files.Folder}: --masks sensor, but the scene has no instance-filt/ or instance/ folder (ScanNet's unzipped _2d-instance-filt.zip)"),
        InstanceMaskSource.Render when !files.HasAnnotations =>
            throw new SparException($"{files.Folder}: --masks render needs {files.SceneId}_vh_clean_2.ply, its .segs.json and {files.SceneId}.aggregation.json"),
        _ => requested,
    };

    /// <summary>The mesh in the aligned world with each triangle labelled from its vertices' instance ids.</summary>
    public static LabelledMesh Build(PlyMesh mesh, float[] alignedPositions, IEnumerable<SceneObject> objects, IReadOnlyList<ScanNetObject> annotated)
    {
        var vertexIds = new ushort[mesh.Vertices.Count];
        var kept = objects.Select(o => o.InstanceId).ToHashSet();
        foreach (var o in annotated)
        {
            int id = o.ObjectId + 1; // as the scene's instance ids
            if (!kept.Contains(id)) continue;
            foreach (int v in o.Vertices) vertexIds[v] = (ushort)id;
        }
        return LabelledMesh.FromVertexInstances(alignedPositions, mesh.Triangles, vertexIds);
    }
}
