using System.CommandLine;
using Spar.Dataset.Layout;

namespace Spar.Cli.Commands;

/// <summary>
/// <c>spar layout scannet|scannetpp|structured3d --from DOWNLOAD --to ROOT/&lt;source&gt;/images [--copy] [--rgbd]
/// [--only-referenced ROOT]</c>: the images tree SPAR-7M's records expect, built from the user's own download.
/// </summary>
internal static class LayoutCommand
{
    const int MaxNotes = 5;

    public static Command Create()
    {
        var cmd = new Command("layout", "Build a source's images/ tree from your own dataset download, as SPAR-7M's prepare_*_layout.py scripts do (symlinks by default)");
        cmd.Subcommands.Add(Source(new ScanNetLayout(), "ScanNet root holding scans/<scene>/image/{color,depth,pose,intrinsic} (SensReader exports)"));
        cmd.Subcommands.Add(Source(new ScanNetppLayout(), "ScanNet++ root holding data/<scene>/iphone/rgb/frame_*.jpg (or scans/<scene>/…)"));
        cmd.Subcommands.Add(Source(new Structured3dLayout(), "Structured3D root holding scene_*/2D_rendering/<room>/perspective/full/<position>/rgb_rawlight.png"));
        return cmd;
    }

    static Command Source(ILayoutSource source, string fromHelp)
    {
        var from = new Option<string>("--from") { Description = fromHelp, Required = true };
        var to = new Option<string>("--to") { Description = $"the images folder to build, e.g. spar/{source.Name}/images (the records' image paths are relative to it)", Required = true };
        var copy = new Option<bool>("--copy") { Description = "copy files instead of linking them (Structured3D's JPEGs are always written)" };
        var rgbd = new Option<bool>("--rgbd") { Description = "also depth, pose and intrinsics (SPAR-7M-RGBD; ScanNet only)" };
        var onlyReferenced = new Option<string?>("--only-referenced") { Description = "a SPAR-7M tree: provide only the images its records use (one link per file)" };
        var scenes = new Option<string[]>("--scenes") { Description = "scenes to lay out (default: all in the download)" };
        var threads = CommonOptions.Threads();
        var cmd = new Command(source.Name, $"Lay out {source.Name} images from your download") { from, to, copy, rgbd, onlyReferenced, scenes, threads };
        cmd.SetStoppableAction((p, cancel) =>
        {
            if (p.GetValue(rgbd) && source is not ScanNetLayout)
                throw new Spar.Util.SparException($"--rgbd: SPAR-7M-RGBD has depth and poses only for ScanNet; there is no {source.Name} RGBD layout");
            var options = new LayoutOptions(source, p.GetValue(from)!, p.GetValue(to)!)
            {
                Copy = p.GetValue(copy), Rgbd = p.GetValue(rgbd), OnlyReferenced = p.GetValue(onlyReferenced),
                Scenes = CommonOptions.NullIfEmpty(p.GetValue(scenes)), Threads = p.GetValue(threads), Cancel = cancel,
            };
            var err = p.InvocationConfiguration.Error;
            var o = p.InvocationConfiguration.Output;
            var report = ProgressView.Run(err, "layout", progress => ImageLayout.Run(options, progress));
            // One note per replaced folder link: a switch to --only-referenced over a whole tree would print one per scene.
            foreach (var note in report.Notes.Take(MaxNotes)) err.WriteLine($"note: {note}");
            if (report.Notes.Count > MaxNotes) err.WriteLine($"note: … and {report.Notes.Count - MaxNotes:N0} more folder links replaced the same way");
            foreach (var missing in report.Unprovided) o.WriteLine($"not provided: {missing}");
            o.WriteLine($"{report.Scenes:N0} scenes: {report.Linked:N0} linked, {report.Copied:N0} copied, {report.Converted:N0} converted to JPEG, {report.Kept:N0} already in place");
            if (report.ReferencesFrom is { } refs)
                o.WriteLine($"{report.References - report.Unprovided.Count:N0} of {report.References:N0} images referenced by {refs} provided");
            return report.Unprovided.Count > 0 ? 1 : 0;
        });
        return cmd;
    }
}
