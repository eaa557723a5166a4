using SkiaSharp;

namespace Spar.Util;

/// <summary>
/// The DejaVu Sans embedded in the library: every picture spar draws (charts, gallery sheets) uses it, never a system
/// font, so output looks the same on every machine. Loaded once; an <see cref="SKTypeface"/> is immutable and may be shared.
/// </summary>
public static class EmbeddedFont
{
    public const string DejaVuSansName = "DejaVu Sans";

    static readonly Lazy<SKTypeface> Loaded = new(() =>
    {
        using var stream = typeof(EmbeddedFont).Assembly.GetManifestResourceStream("Spar.DejaVuSans.ttf")
            ?? throw new InvalidOperationException("embedded font Spar.DejaVuSans.ttf is missing");
        // SKData copies the bytes, so the typeface does not depend on the resource stream staying open.
        using var data = SKData.Create(stream);
        return SKTypeface.FromData(data) ?? throw new InvalidOperationException("embedded font Spar.DejaVuSans.ttf is unreadable");
    });

    public static SKTypeface DejaVuSans => Loaded.Value;
}
