using System.CommandLine;
using Spar.Scenes.Importers.ScanNet;

namespace Spar.Cli.Commands;

/// <summary><c>spar import &lt;source&gt;</c>: real datasets into canonical scenes + the SPAR-7M-RGBD image layout.</summary>
internal static class ImportCommand
{
    public static Command Create() => new("import", "Import a real 3D dataset into scene.json files and the SPAR-7M-RGBD image layout")
    {
        ScanNet(),
        ImportSpar7mCommand.Create(),
    };

    static Command ScanNet()
    {
        var scans = new Argument<string>("scans") { Description = "ScanNet scans/ folder (one sub-folder per scan: <scene>.sens or a SensReader export, mesh, segs, aggregation, <scene>.txt)" };
        var outDir = new Option<string>("--out") { Description = "Output root; scenes are written to <out>/scannet/images/<scene>/", Required = true };
        var scenes = new Option<string[]>("--scenes") { Description = "Scene ids, e.g. scene0000_00,scene0001_00 (default: every sceneXXXX_YY folder)" };
        var step = new Option<int>("--frame-step") { Description = "Keep every n-th frame (by ScanNet frame number) for image QA", DefaultValueFactory = _ => 10 };
        var video = new Option<int>("--video-frames") { Description = "Frames in the video subset, uniformly spaced over the frames with a valid pose", DefaultValueFactory = _ => 32 };
        var labels = new Option<string?>("--labels") { Description = "scannetv2-labels.combined.tsv (or the v1 scannet-labels.combined.tsv), to map raw labels to clean category names; labels it lacks are named in the summary" };
        var masks = new Option<string>("--masks")
        {
            Description = "Instance masks: sensor (ScanNet's instance-filt/ projections), render (from the labelled mesh, checked against depth), none; default: sensor if present, else render if the mesh is present",
            DefaultValueFactory = _ => "auto",
        };
        var shard = new Option<string?>("--shard") { Description = "K/N: import only the scenes of shard K of N (the stable scene hash generate --shard uses), for job arrays" };
        var threads = CommonOptions.Threads();
        var cmd = new Command("scannet", "Import ScanNet scans (.sens streamed directly, meshes, instance annotations)")
        {
            scans, outDir, scenes, step, video, labels, masks, shard, threads,
        };
        cmd.SetStoppableAction((p, cancel) =>
        {
            var options = new ScanNetImportOptions
            {
                Cancel = cancel,
                ScansDir = p.GetValue(scans)!,
                OutDir = p.GetValue(outDir)!,
                Scenes = CommonOptions.NullIfEmpty(p.GetValue(scenes)),
                FrameStep = p.GetValue(step),
                VideoFrames = p.GetValue(video),
                LabelsPath = p.GetValue(labels),
                Masks = Spar.Scenes.Importers.InstanceMaskSources.Parse(p.GetValue(masks)!),
                Threads = p.GetValue(threads),
                Shard = p.GetValue(shard) is { } k ? Spar.Generation.ShardSpec.Parse(k) : Spar.Generation.ShardSpec.Whole,
            };
            var report = ProgressView.Run(p.InvocationConfiguration.Error, "import scannet", progress => ScanNetImporter.Run(options, progress));
            var o = p.InvocationConfiguration.Output;
            var err = p.InvocationConfiguration.Error;
            foreach (var s in report.Scenes)
            {
                o.WriteLine($"{s.SceneId}: {s.ImageFrames} frames, {s.VideoFrames} video frames, {s.Objects} objects ({s.ReferableObjects} referable) " +
                            $"from {s.StreamFrames} {s.FramesFrom} frames ({s.InvalidPoseFrames} without pose) -> {s.OutputFolder}");
                foreach (var w in s.Warnings) err.WriteLine($"warning: {s.SceneId}: {w}");
            }
            foreach (var f in report.Failures) err.WriteLine($"error: {f.SceneId}: {f.Message}");
            o.WriteLine($"imported {report.Scenes.Count} scene(s), {report.Failures.Count} failed" + (options.Shard.IsWhole ? "" : $" (shard {options.Shard})"));
            return report.Failures.Count > 0 ? 1 : 0;
        });
        return cmd;
    }
}
