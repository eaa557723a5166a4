using Spar.Util;

namespace Spar.Scenes.Importers;

/// <summary>
/// Where an importer's per-frame instance masks (<c>image_instance/</c>) come from (<c>--masks</c>).
/// </summary>
public enum InstanceMaskSource
{
    /// <summary>The source's own 2D masks when it has them, else rendered from the labelled mesh when there is one, else none.</summary>
    Auto,
    /// <summary>The source's own 2D masks (ScanNet: <c>instance-filt/</c> or <c>instance/</c>); a scene without them fails.</summary>
    Sensor,
    /// <summary>Rendered from the labelled mesh and checked against the sensor depth; a scene without mesh annotations fails.</summary>
    Render,
    /// <summary>No masks: the generator finds object pixels from surface points and depth.</summary>
    None,
}

public static class InstanceMaskSources
{
    public static InstanceMaskSource Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        "auto" => InstanceMaskSource.Auto,
        "sensor" => InstanceMaskSource.Sensor,
        "render" => InstanceMaskSource.Render,
        "none" => InstanceMaskSource.None,
        _ => throw new SparException($"--masks '{text}': expected sensor, render, none or auto"),
    };

    public static string Name(this InstanceMaskSource source) => source.ToString().ToLowerInvariant();
}
