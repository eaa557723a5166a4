using SkiaSharp;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;

namespace Spar.Tests.Scenes;

/// <summary>
/// Renders frames of several synthetic scenes into one PNG (a test artefact to look at:
/// bin/…/artifacts/scenes-contact-sheet.png) and checks each frame shows a furnished room, not a blank wall.
/// </summary>
public class ContactSheetTests(ITestOutputHelper output)
{
    [Fact]
    public void Contact_sheet_of_rendered_frames_shows_furnished_rooms()
    {
        const int w = 240, h = 180, scenes = 6, perScene = 4;
        var options = new SynthOptions(Frames: 60, VideoFrames: 4, ExtraViews: 0, Width: w, Height: h);
        // Rows: colour frames of each scene; the last two rows show the first scene's depth and instance masks.
        using var sheet = new SKBitmap(w * perScene, h * (scenes + 2), SKColorType.Rgba8888, SKAlphaType.Opaque);
        using var canvas = new SKCanvas(sheet);
        var buffers = new FrameBuffers(w, h);
        for (var s = 0; s < scenes; s++)
        {
            var scene = SyntheticWorld.Generate(2024, s, options);
            var rasterizer = SyntheticDataset.CreateRasterizer(scene);
            for (var f = 0; f < perScene; f++)
            {
                var frame = scene.Scene.Frames[f * (options.Frames - 1) / (perScene - 1)];
                rasterizer.Render(frame.Camera!, buffers);
                var visible = buffers.Instance.Distinct().Count(id => id != 0 && !scene.Scene.FindObject(id)!.Structural);
                Assert.True(visible >= 1, $"{scene.Scene.Id} frame {frame.Index} shows no furniture");
                Assert.True(LumaStdDev(buffers.Rgba) > 8, $"{scene.Scene.Id} frame {frame.Index} is nearly uniform");
                using var tile = new SKBitmap(new SKImageInfo(w, h, SKColorType.Rgba8888, SKAlphaType.Opaque));
                System.Runtime.InteropServices.Marshal.Copy(buffers.Rgba, 0, tile.GetPixels(), buffers.Rgba.Length);
                canvas.DrawBitmap(tile, f * w, s * h);
                if (s != 0) continue;
                DrawFalseColour(canvas, tile, buffers, f * w, scenes * h, mm => (byte)Math.Clamp(255 - mm / 25, 0, 255), null);
                DrawFalseColour(canvas, tile, buffers, f * w, (scenes + 1) * h, null, id => id);
            }
        }
        var dir = Path.Combine(AppContext.BaseDirectory, "artifacts");
        Directory.CreateDirectory(dir);
        var path = Path.Combine(dir, "scenes-contact-sheet.png");
        using (var image = SKImage.FromBitmap(sheet))
        using (var data = image.Encode(SKEncodedImageFormat.Png, 90))
            File.WriteAllBytes(path, data.ToArray());
        output.WriteLine($"contact sheet: {path}");
        Assert.True(new FileInfo(path).Length > 10_000);
    }

    /// <summary>Depth as grey (near = bright) or instance ids as hashed colours, drawn into the sheet.</summary>
    static void DrawFalseColour(SKCanvas canvas, SKBitmap tile, FrameBuffers fb, int x, int y, Func<int, byte>? depthGrey, Func<int, int>? instance)
    {
        var px = new byte[fb.Rgba.Length];
        for (var i = 0; i < fb.Width * fb.Height; i++)
        {
            if (depthGrey != null)
            {
                var g = fb.DepthMillimeters[i] == 0 ? (byte)0 : depthGrey(fb.DepthMillimeters[i]);
                px[i * 4] = px[i * 4 + 1] = px[i * 4 + 2] = g;
            }
            else
            {
                var hsh = (uint)instance!(fb.Instance[i]) * 2654435761u;
                px[i * 4] = (byte)(hsh >> 24); px[i * 4 + 1] = (byte)(hsh >> 16); px[i * 4 + 2] = (byte)(hsh >> 8);
            }
            px[i * 4 + 3] = 255;
        }
        System.Runtime.InteropServices.Marshal.Copy(px, 0, tile.GetPixels(), px.Length);
        canvas.DrawBitmap(tile, x, y);
    }

    static double LumaStdDev(byte[] rgba)
    {
        double sum = 0, sum2 = 0;
        var n = rgba.Length / 4;
        for (var i = 0; i < n; i++)
        {
            var y = 0.299 * rgba[i * 4] + 0.587 * rgba[i * 4 + 1] + 0.114 * rgba[i * 4 + 2];
            sum += y; sum2 += y * y;
        }
        var mean = sum / n;
        return Math.Sqrt(Math.Max(0, sum2 / n - mean * mean));
    }
}
