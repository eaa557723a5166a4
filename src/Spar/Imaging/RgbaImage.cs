using System.Runtime.InteropServices;

namespace Spar.Imaging;

/// <summary>
/// An opaque 8-bit sRGB colour: what the reference drawers write (PIL and OpenCV both work on RGB triples) and what
/// the synthetic renderer's materials are made of.
/// </summary>
public readonly record struct Rgb(byte R, byte G, byte B)
{
    public static Rgb Hex(uint rgb) => new((byte)(rgb >> 16), (byte)(rgb >> 8), (byte)rgb);

    /// <summary>Scales brightness (factor &gt; 1 lightens), clamped.</summary>
    public Rgb Shade(double factor) => new(Clamp(R * factor), Clamp(G * factor), Clamp(B * factor));

    public Rgb Mix(Rgb other, double t) =>
        new(Clamp(R + (other.R - R) * t), Clamp(G + (other.G - G) * t), Clamp(B + (other.B - B) * t));

    static byte Clamp(double v) => (byte)Math.Clamp(Math.Round(v), 0, 255);

    /// <summary>The colour as one little-endian RGBA8888 word, alpha 255.</summary>
    public uint Packed => R | ((uint)G << 8) | ((uint)B << 16) | 0xFF000000u;

    public override string ToString() => $"({R},{G},{B})";
}

/// <summary>
/// An RGBA8888 pixel buffer (alpha always 255 after decoding), the form SkiaSharp decodes into and encodes from,
/// so drawing needs no conversion pass. All raster primitives clip to the image. Disposing is optional: it hands a
/// decoded image's buffer back for the next decode (<see cref="PixelBufferPool"/>), after which the image is unusable.
/// </summary>
public sealed class RgbaImage : IDisposable
{
    byte[]? _pixels;
    readonly bool _pooled;

    public RgbaImage(int width, int height, byte[]? pixels = null) : this(width, height, pixels, pooled: false) { }

    RgbaImage(int width, int height, byte[]? pixels, bool pooled)
    {
        if (width <= 0 || height <= 0) throw new ArgumentOutOfRangeException(nameof(width), $"image size {width}x{height}");
        Width = width;
        Height = height;
        _pixels = pixels ?? new byte[checked(width * height * 4)];
        if (_pixels.Length != width * height * 4) throw new ArgumentException("pixel buffer does not match the size", nameof(pixels));
        _pooled = pooled;
    }

    /// <summary>An image whose every byte the caller will overwrite, on a reused buffer when one of the size is idle.</summary>
    internal static RgbaImage Rent(int width, int height) =>
        new(width, height, PixelBufferPool.Rent(checked(width * height * 4)), pooled: true);

    public int Width { get; }
    public int Height { get; }

    /// <summary>Row-major RGBA bytes, stride <c>Width * 4</c>.</summary>
    public byte[] Pixels => _pixels ?? throw new ObjectDisposedException(nameof(RgbaImage));

    public void Dispose()
    {
        // Exchange, so two racing Dispose calls cannot hand the same buffer to two later images.
        var pixels = Interlocked.Exchange(ref _pixels, null);
        if (_pooled && pixels is not null) PixelBufferPool.Return(pixels);
    }

    Span<uint> Words => MemoryMarshal.Cast<byte, uint>(Pixels.AsSpan());

    public static RgbaImage Solid(int width, int height, Rgb color)
    {
        var img = new RgbaImage(width, height);
        img.Words.Fill(color.Packed);
        return img;
    }

    public RgbaImage Clone() => new(Width, Height, (byte[])Pixels.Clone());

    public bool Contains(int x, int y) => (uint)x < (uint)Width && (uint)y < (uint)Height;

    public Rgb this[int x, int y]
    {
        get
        {
            int i = (y * Width + x) * 4;
            return new Rgb(Pixels[i], Pixels[i + 1], Pixels[i + 2]);
        }
    }

    /// <summary>Sets one pixel; a pixel outside the image is ignored (every reference drawer clips).</summary>
    public void Set(int x, int y, Rgb color)
    {
        if (Contains(x, y)) Words[y * Width + x] = color.Packed;
    }

    /// <summary>Fills columns <paramref name="x0"/>..<paramref name="x1"/> (inclusive, either order) of row <paramref name="y"/>, clipped.</summary>
    public void FillRow(int y, int x0, int x1, Rgb color)
    {
        if ((uint)y >= (uint)Height) return;
        if (x0 > x1) (x0, x1) = (x1, x0);
        x0 = Math.Max(x0, 0);
        x1 = Math.Min(x1, Width - 1);
        if (x0 > x1) return;
        Words.Slice(y * Width + x0, x1 - x0 + 1).Fill(color.Packed);
    }

    /// <summary>Fills the inclusive rectangle, clipped.</summary>
    public void FillRect(int x0, int y0, int x1, int y1, Rgb color)
    {
        if (y0 > y1) (y0, y1) = (y1, y0);
        for (int y = Math.Max(y0, 0); y <= Math.Min(y1, Height - 1); y++) FillRow(y, x0, x1, color);
    }

    /// <summary>Blends <paramref name="color"/> over the pixel with coverage <paramref name="alpha"/> in 0..1, rounding to nearest.</summary>
    public void Blend(int x, int y, Rgb color, double alpha)
    {
        if (!Contains(x, y) || alpha <= 0) return;
        if (alpha >= 1) { Set(x, y, color); return; }
        int i = (y * Width + x) * 4;
        Pixels[i] = Mix(Pixels[i], color.R, alpha);
        Pixels[i + 1] = Mix(Pixels[i + 1], color.G, alpha);
        Pixels[i + 2] = Mix(Pixels[i + 2], color.B, alpha);
    }

    static byte Mix(byte under, byte over, double alpha) => (byte)Math.Round(under + (over - under) * alpha, MidpointRounding.AwayFromZero);
}
