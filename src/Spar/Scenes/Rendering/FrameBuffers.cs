namespace Spar.Scenes.Rendering;

/// <summary>
/// Per-thread scratch and output images of one rendered frame, reused from frame to frame so rendering allocates
/// nothing per frame. Row-major, top row first.
/// </summary>
public sealed class FrameBuffers
{
    public int Width { get; }
    public int Height { get; }
    /// <summary>1 / camera z of the nearest surface (0 = nothing): the z-buffer.</summary>
    public float[] InverseDepth { get; }
    /// <summary>Index of the face seen at each pixel, −1 = none.</summary>
    public int[] Face { get; }
    /// <summary>Colour, 4 bytes per pixel (R, G, B, 255).</summary>
    public byte[] Rgba { get; }
    /// <summary>Camera z in millimetres, 0 = no surface (ScanNet convention), saturated at 65535.</summary>
    public ushort[] DepthMillimeters { get; }
    /// <summary>Instance id of the nearest surface, 0 = none.</summary>
    public ushort[] Instance { get; }

    public FrameBuffers(int width, int height)
    {
        if (width <= 0 || height <= 0 || (long)width * height > 1L << 26) throw new ArgumentOutOfRangeException(nameof(width), "bad frame size");
        Width = width; Height = height;
        var n = width * height;
        InverseDepth = new float[n];
        Face = new int[n];
        Rgba = new byte[n * 4];
        DepthMillimeters = new ushort[n];
        Instance = new ushort[n];
    }
}
