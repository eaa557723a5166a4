using System.Globalization;
using Spar.Analysis;
using Spar.Geometry;
using Spar.Imaging;
using Spar.Scenes;
using Spar.Scenes.Importers;
using Spar.Scenes.Importers.ScanNet;
using Spar.Scenes.Rendering;
using Spar.Scenes.Synthetic;

namespace Spar.Benchmarks.Scenes;

/// <summary>
/// Issue #26 point 3: how the depth test's tolerance decides where point markers land when the mesh is not the room.
/// Rendered synthetic scenes are written as ScanNet scans whose mesh is the renderer's parts grown by
/// <c>inflateCm</c> on every side (a reconstruction that fattens surfaces, as TSDF meshes do at object boundaries);
/// the .sens holds the true colour and depth. Each scan is imported with rendered masks under several tolerances
/// (and with no depth test), the generator's frame analysis picks the point markers, and each marker is looked up in
/// the synthetic renderer's own mask: the share on another object (or on nothing) is printed per tolerance.
/// </summary>
public static class MaskToleranceStudy
{
    public static void Run(string work, int scenes, double inflateCm)
    {
        var tolerances = new (string Name, SensorDepthAgreement Rule)[]
        {
            ("no depth test", new(1000, 0)),
            ("0.1 m + 2 %", new(0.10, 0.02)),
            ("3 cm + 1 %", new(0.03, 0.01)),
            ("1 cm + 0.5 %", new(0.01, 0.005)),
        };
        var wrong = new long[tolerances.Length];
        var markers = new long[tolerances.Length];
        for (int s = 0; s < scenes; s++)
        {
            var synth = SyntheticWorld.Generate(100 + s, 0, new SynthOptions(Frames: 12, VideoFrames: 1, ExtraViews: 0, Width: 320, Height: 240));
            var rasterizer = SyntheticDataset.CreateRasterizer(synth);
            var truth = new Dictionary<int, ushort[]>();
            var images = new Dictionary<int, ScanNetFrameImages>();
            foreach (var f in synth.Scene.Frames)
            {
                var fb = new FrameBuffers(f.Width, f.Height);
                rasterizer.Render(f.Camera!, fb);
                truth[f.Index] = (ushort[])fb.Instance.Clone();
                images[f.Index] = new ScanNetFrameImages(ImageCodec.EncodeRenderedJpeg(fb.Rgba, f.Width, f.Height), (ushort[])fb.DepthMillimeters.Clone());
            }
            double grow = inflateCm / 100 * 2;
            var parts = ShapeParts.ForScene(synth).Select(p => p with { Box = p.Box with { Size = p.Box.Size + new Vec3(grow, grow, grow) } }).ToList();
            var scans = Path.Combine(work, $"scans-{s}");
            if (Directory.Exists(scans)) Directory.Delete(scans, true);
            ScanNetScanWriter.Write(scans, synth.Scene, Mat4.Identity, f => images[f.Index], parts);
            for (int t = 0; t < tolerances.Length; t++)
            {
                var outDir = Path.Combine(work, $"out-{s}-{t}");
                if (Directory.Exists(outDir)) Directory.Delete(outDir, true);
                var report = ScanNetImporter.Run(new ScanNetImportOptions
                {
                    Input = scans, OutDir = outDir, FrameStep = 1, VideoFrames = 0, Scenes = [synth.Scene.Id],
                    Masks = InstanceMaskSource.Render, MaskDepthAgreement = tolerances[t].Rule,
                });
                if (report.Failures.Count > 0) throw new InvalidOperationException(report.Failures[0].Message);
                var root = Path.Combine(outDir, "scannet", "images");
                var scene = SceneJson.Read(Path.Combine(root, synth.Scene.Id, "scene.json")).Scene;
                var analyzer = new FrameAnalyzer(AnalysisSettings.Default);
                foreach (var f in scene.Frames)
                {
                    var mask = truth[f.Index];
                    foreach (var v in analyzer.Analyze(scene, f, root).Referable)
                    {
                        markers[t]++;
                        if (mask[Grid.ToPixelIndex(v.GridPoint.Y, f.Height) * f.Width + Grid.ToPixelIndex(v.GridPoint.X, f.Width)] != v.InstanceId) wrong[t]++;
                    }
                }
            }
        }
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{scenes} scenes × 12 frames (320×240), mesh grown by {inflateCm} cm per side"));
        for (int t = 0; t < tolerances.Length; t++)
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {tolerances[t].Name,-14} {wrong[t],5} of {markers[t],5} point markers off their object ({100.0 * wrong[t] / Math.Max(1, markers[t]):0.00} %)"));
    }
}
