using System.CommandLine;
using Spar.Scenes.Synthetic;

namespace Spar.Cli.Commands;

internal static class ScenesCommand
{
    public static Command Create() => new("scenes", "Scenes: generate the synthetic indoor world") { Synth() };

    static Command Synth()
    {
        var count = new Option<int>("--count") { Description = "Number of scenes", Required = true };
        var seed = new Option<long>("--seed") { Description = "Random seed (same seed → identical files)", DefaultValueFactory = _ => 0 };
        var outDir = new Option<string>("--out") { Description = "Output root; scenes go to <out>/synthetic/images/<scene>/", Required = true };
        var defaults = new SynthOptions();
        var frames = new Option<int>("--frames") { Description = "Frames of the video walk per scene", DefaultValueFactory = _ => defaults.Frames };
        var video = new Option<int>("--video-frames") { Description = "Frames in the video_idx.txt subset (16–32 in SPAR)", DefaultValueFactory = _ => defaults.VideoFrames };
        var extra = new Option<int>("--extra-views") { Description = "Extra single views per scene, aimed at objects", DefaultValueFactory = _ => defaults.ExtraViews };
        var width = new Option<int>("--width") { Description = "Image width in pixels", DefaultValueFactory = _ => defaults.Width };
        var height = new Option<int>("--height") { Description = "Image height in pixels", DefaultValueFactory = _ => defaults.Height };
        var threads = CommonOptions.Threads();
        var cmd = new Command("synth", "Generate and render synthetic furnished rooms in the SPAR-7M-RGBD layout (colour, depth, instance masks, poses, scene.json)")
        {
            count, seed, outDir, frames, video, extra, width, height, threads,
        };
        cmd.SetStoppableAction((p, cancel) =>
        {
            var options = new SynthOptions(p.GetValue(frames), p.GetValue(video), p.GetValue(extra), p.GetValue(width), p.GetValue(height));
            var clock = System.Diagnostics.Stopwatch.StartNew();
            var summary = ProgressView.Run(p.InvocationConfiguration.Error, "synth", progress =>
                SyntheticDataset.Write(p.GetValue(outDir)!, p.GetValue(seed), p.GetValue(count), options, p.GetValue(threads), progress, cancel));
            var o = p.InvocationConfiguration.Output;
            o.WriteLine($"{summary.SceneIds.Count} scenes, {summary.Frames:N0} frames, {summary.Objects:N0} objects in {clock.Elapsed.TotalSeconds:F1} s " +
                        $"({summary.FramesRendered / Math.Max(clock.Elapsed.TotalSeconds, 1e-9):F1} frames/s rendered) → {Path.GetFullPath(summary.ImagesRoot)}" +
                        (summary.ScenesResumed > 0 ? $"; {summary.ScenesResumed} scene(s) were already complete and kept" : ""));
            return 0;
        });
        return cmd;
    }
}
