using System.CommandLine;
using Spar.Dataset.Hub;

namespace Spar.Cli.Commands;

/// <summary>
/// <c>spar import spar7m FILE.parquet --out ROOT</c>: the Hub parquet form of SPAR-7M into the official jsonl tree. Not a
/// scene importer (no scenes, only records), so it is a small command of its own under <c>import</c>.
/// </summary>
internal static class ImportSpar7mCommand
{
    public static Command Create()
    {
        var file = new Argument<string>("parquet") { Description = "the Hub parquet, e.g. spar-dataset-train.parquet (columns id, qa_type, qa_format, question, answer, image, split, markers)" };
        var outDir = new Option<string>("--out") { Description = "tree root to write: <out>/<source>/qa_jsonl/<split>/<task>/<format>/<format>_<N>.jsonl (must hold no annotation files yet)", Required = true };
        var ascii = new Option<bool>("--ensure-ascii") { Description = "escape non-ASCII characters as \\uXXXX (Python json.dumps' default) instead of writing UTF-8" };
        var direct = new Option<string>("--direct-io")
        {
            Description = "write the jsonl files bypassing the page cache: auto (on a local ext4 or xfs disk that takes it), on (any file system that takes it), off; the bytes are the same",
            DefaultValueFactory = _ => "auto",
        };
        direct.AcceptOnlyFromAmong("auto", "on", "off");
        var threads = CommonOptions.Threads();
        threads.Description = "Threads converting rows (default: all cores; two more read the parquet, one with -j 1, and the main thread writes); the output is the same for any number";
        var cmd = new Command("spar7m", "Convert the SPAR-7M Hub parquet into the official jsonl tree, record by record")
        {
            file, outDir, ascii, direct, threads,
        };
        cmd.SetStoppableAction((p, cancel) =>
        {
            var err = p.InvocationConfiguration.Error;
            var o = p.InvocationConfiguration.Output;
            var options = new Spar7mImportOptions(p.GetValue(file)!, p.GetValue(outDir)!)
            {
                EnsureAscii = p.GetValue(ascii),
                Threads = p.GetValue(threads),
                DirectWrites = p.GetValue(direct) switch { "on" => true, "off" => false, _ => null },
                Cancel = cancel,
            };
            var report = ProgressView.Run(err, "import spar7m", progress =>
                Spar7mParquetImporter.Run(options, bad => { lock (err) err.WriteLine($"error: {bad}"); }, progress));
            foreach (var f in report.Files) o.WriteLine($"{f.RelativePath}: {f.Records:N0} records");
            foreach (var note in report.Notes) err.WriteLine($"note: {note}");
            o.WriteLine($"imported {report.Records:N0} of {report.Rows:N0} rows into {report.Files.Count} files, {report.BadRows:N0} bad rows skipped");
            return report.BadRows > 0 ? 1 : 0;
        });
        return cmd;
    }
}
