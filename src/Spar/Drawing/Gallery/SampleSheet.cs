using SkiaSharp;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Drawing.Gallery;

/// <summary>The text shown with a sample.</summary>
public sealed record SampleText(string Id, string Type, string Format, string Question, string Answer);

/// <summary>
/// Composes one sample as a model sees it: its marked images (scaled to a grid) above the question and the answer,
/// set in the embedded DejaVu Sans (never a system font, so sheets look the same on every machine).
/// </summary>
public static class SampleSheet
{
    public const int Width = 1280;
    const int Margin = 20, Gap = 8, CaptionSize = 14, TitleSize = 20, BodySize = 18;

    public static SKTypeface Typeface => EmbeddedFont.DejaVuSans;

    /// <summary>Columns for n images: 1 → 1, 2 → 2, 3 → 3, 4 → 2, more → 4.</summary>
    public static int Columns(int n) => n switch { <= 3 => Math.Max(n, 1), 4 => 2, _ => 4 };

    /// <param name="withText">false: the title and images only, for a page that sets the question and answer as text
    /// beside the picture (the gallery) and must not show them twice.</param>
    public static RgbaImage Compose(IReadOnlyList<RgbaImage> images, SampleText text, bool video, bool withText = true)
    {
        int cols = Columns(images.Count);
        int cellW = (Width - 2 * Margin - (cols - 1) * Gap) / cols;
        // Each cell keeps its image's aspect ratio; a row is as tall as its tallest image.
        var cells = images.Select(img =>
        {
            double s = Math.Min(4.0, Math.Min(cellW / (double)img.Width, (images.Count == 1 ? 720.0 : 2.0 * cellW) / img.Height));
            return (W: Math.Max(1, (int)(img.Width * s)), H: Math.Max(1, (int)(img.Height * s)));
        }).ToList();
        int rows = (images.Count + cols - 1) / cols;
        var rowHeights = Enumerable.Range(0, rows).Select(r => cells.Skip(r * cols).Take(cols).Max(c => c.H) + CaptionSize + 6).ToList();

        using var title = new SKFont(Typeface, TitleSize);
        using var body = new SKFont(Typeface, BodySize);
        int textWidth = Width - 2 * Margin;
        var titleLine = $"{text.Type} · {text.Format} · {text.Id}";
        var qLines = withText ? Wrap("Q: " + text.Question, body, textWidth) : [];
        var aLines = withText ? Wrap("A: " + text.Answer, body, textWidth) : [];
        int lineH = (int)Math.Ceiling(body.Spacing);
        int height = Margin + (int)Math.Ceiling(title.Spacing) + 2 * Gap + rowHeights.Sum() + (rows - 1) * Gap + Gap
                     + (qLines.Count + aLines.Count) * lineH + Gap + Margin;

        var info = new SKImageInfo(Width, height, SKColorType.Rgba8888, SKAlphaType.Premul);
        using var surface = SKSurface.Create(info) ?? throw new InvalidOperationException("cannot create drawing surface");
        var canvas = surface.Canvas;
        canvas.Clear(SKColors.White);
        using var ink = new SKPaint { Color = new SKColor(20, 20, 20), IsAntialias = true };
        using var grey = new SKPaint { Color = new SKColor(110, 110, 110), IsAntialias = true };
        using var answerInk = new SKPaint { Color = new SKColor(0, 90, 30), IsAntialias = true };
        float y = Margin + TitleSize;
        canvas.DrawText(titleLine, Margin, y, SKTextAlign.Left, title, grey);
        y += 2 * Gap + (title.Spacing - TitleSize);

        using var caption = new SKFont(Typeface, CaptionSize);
        var sampling = new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear);
        for (int i = 0; i < images.Count; i++)
        {
            int r = i / cols, c = i % cols;
            float top = y + rowHeights.Take(r).Sum() + r * Gap;
            float left = Margin + c * (cellW + Gap);
            using var sk = ToSkImage(images[i]);
            canvas.DrawImage(sk, new SKRect(left, top, left + cells[i].W, top + cells[i].H), sampling);
            canvas.DrawText(video ? $"Frame-{i + 1}" : $"image {i}", left, top + cells[i].H + CaptionSize + 2, SKTextAlign.Left, caption, grey);
        }
        y += rowHeights.Sum() + (rows - 1) * Gap + Gap + BodySize;
        foreach (var line in qLines) { canvas.DrawText(line, Margin, y, SKTextAlign.Left, body, ink); y += lineH; }
        foreach (var line in aLines) { canvas.DrawText(line, Margin, y, SKTextAlign.Left, body, answerInk); y += lineH; }

        var sheet = new RgbaImage(Width, height);
        unsafe
        {
            fixed (byte* p = sheet.Pixels)
                surface.ReadPixels(new SKImageInfo(Width, height, SKColorType.Rgba8888, SKAlphaType.Unpremul), (IntPtr)p, Width * 4, 0, 0);
        }
        return sheet;
    }

    static unsafe SKImage ToSkImage(RgbaImage img)
    {
        var info = new SKImageInfo(img.Width, img.Height, SKColorType.Rgba8888, SKAlphaType.Opaque);
        fixed (byte* p = img.Pixels)
        {
            using var pixmap = new SKPixmap(info, (IntPtr)p, img.Width * 4);
            return SKImage.FromPixelCopy(pixmap);
        }
    }

    /// <summary>Greedy word wrap by measured width; explicit newlines are kept; an over-long word is split by characters.</summary>
    public static List<string> Wrap(string text, SKFont font, float width)
    {
        var lines = new List<string>();
        foreach (var paragraph in text.Replace("\r", "").Split('\n'))
        {
            var line = "";
            foreach (var word in paragraph.Split(' '))
            {
                var candidate = line.Length == 0 ? word : line + " " + word;
                if (font.MeasureText(candidate) <= width) { line = candidate; continue; }
                if (line.Length > 0) lines.Add(line);
                line = word;
                while (line.Length > 1 && font.MeasureText(line) > width)
                {
                    int fit = line.Length - 1;
                    while (fit > 1 && font.MeasureText(line[..fit]) > width) fit--;
                    lines.Add(line[..fit]);
                    line = line[fit..];
                }
            }
            lines.Add(line);
        }
        return lines;
    }
}
