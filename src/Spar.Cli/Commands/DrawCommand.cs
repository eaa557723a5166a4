using System.CommandLine;
using Spar.Drawing;
using Spar.Imaging;

namespace Spar.Cli.Commands;

/// <summary><c>spar draw RECORDS.jsonl --images-root DIR --out DIR</c>: each record's images with its markers, as PNG.</summary>
internal static class DrawCommand
{
    public static Command Create()
    {
        var records = new Argument<string>("records") { Description = "JSONL file of SPAR records" };
        var root = new Option<string>("--images-root") { Description = "folder the records' image paths are relative to (<source>/images)", Required = true };
        var output = new Option<string>("--out") { Description = "output folder: <out>/<record id>/<k>.png", Required = true };
        var jobs = CommonOptions.Threads();
        var allowOutside = CommonOptions.AllowOutside();
        var level = new Option<int>("--png-level") { Description = "PNG compression: 0 stored, 1 Huffman-only (fastest), 2-9 zlib levels; lossless at every level", DefaultValueFactory = _ => Spar.Imaging.ImageCodec.DefaultPngLevel }.InRange(0, 9);
        var cmd = new Command("draw", "Draw each record's markers onto its images (format.md §4) and write them losslessly")
        {
            records, root, output, jobs, level, allowOutside,
        };
        cmd.SetStoppableAction((parse, cancel) =>
        {
            var err = parse.InvocationConfiguration.Error;
            var run = new DrawRun(parse.GetValue(root)!, parse.GetValue(output)!, parse.GetValue(jobs), parse.GetValue(level),
                CommonOptions.Paths(parse, allowOutside));
            var line = ProgressLine.For("draw", err);
            var progress = new SynchronousProgress<DrawProgress>(p =>
                line.Report(p.Records, p.Total, "record", p.Elapsed, $"{p.ImagesWritten:N0} images, {p.Failed:N0} failed", finished: p.Records == p.Total));
            DrawSummary summary;
            try { summary = run.Run(parse.GetValue(records)!, issue => line.Message(issue.ToString()), progress, cancel); }
            finally { line.Finish(); }
            parse.InvocationConfiguration.Output.WriteLine(
                $"{summary.RecordsDrawn:N0}/{summary.Records:N0} records drawn, {summary.ImagesWritten:N0} images written, " +
                $"{summary.Errors:N0} errors, {summary.Warnings:N0} warnings (JPEG: {Spar.Imaging.ImageCodec.JpegCodecName})");
            return summary.Errors > 0 ? 1 : 0;
        });
        return cmd;
    }
}
