namespace Spar.Catalog;

/// <summary>Facts about a scene source that decide which task types it can have (the one home for them).</summary>
public static class SourceFacts
{
    /// <summary>
    /// Why the source's scenes get no video-view task, or null when they can. The text is the reject reason the
    /// generator records once per scene and stream, so <c>generate_manifest.json</c>'s <c>rejected</c> map says why.
    /// </summary>
    public static string? NoVideoReason(string source) => source switch
    {
        // Structured3D's perspective views are separate renders, not a camera trajectory, and SPAR-7M has no
        // video types for it either (docs/structured3d.md).
        Scenes.Importers.Structured3D.Structured3DImporter.Source =>
            "no-video (Structured3D has separate rendered views, no camera trajectory; SPAR-7M has no video types for it)",
        // A Matterport3D region is a set of tripod panoramas, not a walk; its routes are the rxr/r2r scenes (docs/matterport.md).
        Scenes.Importers.Matterport.MatterportImporter.Source =>
            "no-video (a Matterport3D region is a set of panoramas, no camera walk; import rxr or r2r for navigation routes)",
        _ => null,
    };
}
