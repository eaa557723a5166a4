using System.CommandLine;
using Spar.Dataset;
using Spectre.Console;

namespace Spar.Cli.Commands;

internal static class ValidateCommand
{
    public static Command Create()
    {
        var root = CommonOptions.TreeRoot();
        var sources = CommonOptions.Sources();
        var splits = new Option<string[]>("--split") { Description = "Splits to check (default: all)", AllowMultipleArgumentsPerToken = true };
        var maxErrors = new Option<long>("--max-errors") { Description = "Stop after this many errors (0: no limit)" };
        var skipImages = new Option<bool>("--skip-images") { Description = "Do not check that image and depth files exist" };
        var threads = CommonOptions.Threads();
        var allowOutside = CommonOptions.AllowOutside();
        var cmd = new Command("validate", "Check every record: JSON, fields per type, markers, grid, image indices, files, answers, names")
        {
            root, sources, splits, maxErrors, skipImages, threads, allowOutside,
        };
        cmd.SetStoppableAction((p, cancel) =>
        {
            var tree = CommonOptions.OpenTree(p, root);
            var options = new ValidateOptions
            {
                Sources = CommonOptions.NullIfEmpty(p.GetValue(sources)),
                Splits = CommonOptions.NullIfEmpty(p.GetValue(splits)),
                MaxErrors = p.GetValue(maxErrors),
                SkipImages = p.GetValue(skipImages),
                Threads = p.GetValue(threads),
                Paths = CommonOptions.Paths(p, allowOutside),
            };
            var output = p.InvocationConfiguration.Output;
            var report = ProgressView.Run(p.InvocationConfiguration.Error, "validate", progress => new Validator(tree, options).Run(
                problem => output.WriteLine($"{Path.Combine(tree.Root, problem.File)}{(problem.Line > 0 ? ":" + problem.Line : "")}: {problem.Severity.ToString().ToLowerInvariant()}: {problem.Message}"),
                progress, cancel));

            var table = new Table().AddColumns("problem", "severity", "count");
            foreach (var ((kind, severity), count) in report.CountsByKind.OrderBy(kv => kv.Key.Severity).ThenBy(kv => kv.Key.Kind, StringComparer.Ordinal))
                table.AddRow(kind, severity.ToString().ToLowerInvariant(), count.ToString("N0"));
            // The problems and their counts are the result (stdout, like a linter); only progress goes to stderr.
            var console = Render.Console(output);
            if (report.CountsByKind.Count > 0) console.Write(table);
            var found = $"{report.Errors:N0} errors, {report.Warnings:N0} warnings";
            if (report.StoppedEarly)
            {
                console.WriteLine($"stopped at --max-errors {options.MaxErrors:N0}: {Path.Combine(tree.Root, report.StoppedAt ?? "")}");
                console.WriteLine($"checked {report.Files:N0} of {report.TotalFiles:N0} files (in order), {report.Records:N0} records: {found}; the rest not checked");
            }
            else console.WriteLine($"{report.Files:N0} files, {report.Records:N0} records, {report.Bytes / 1e6:F1} MB: {found}");
            return report.Errors > 0 ? 1 : 0;
        });
        return cmd;
    }
}
