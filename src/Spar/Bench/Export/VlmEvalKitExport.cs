using Spar.Bench.SparBench;
using System.Security.Cryptography;
using System.Text;
using Spar.Util;

namespace Spar.Bench.Export;

/// <summary>What an export wrote: the files (relative to its folder) and the rows.</summary>
public sealed record ExportResult(IReadOnlyList<string> Files, long Rows, string? Md5 = null);

/// <summary>
/// The benchmark as the SparBench TSV VLMEvalKit reads (<c>vlmeval/dataset/sparbench.py</c> on
/// <c>ImageBaseDataset</c>): <c>pd.read_csv(sep='\t')</c>, so pandas' minimal quoting (a cell holding a tab, a newline
/// or a <c>"</c> is quoted, inner quotes doubled); <c>index</c>; <c>image</c> as base64, one string for a single image and
/// <c>str(list)</c> — <c>['…', '…']</c>, which <c>toliststr</c> evaluates — for several; <c>question</c>, <c>answer</c>
/// and <c>task</c>, the columns SparBench's prompt and scorer read; and <c>category</c> (the task's level), <c>img_type</c>,
/// <c>format_type</c>, <c>source</c>. VLMEvalKit checks the md5 only of the datasets it knows by name, so the file is
/// named after a dataset of its own (<c>SparBench_spar</c>) and a <c>--config</c> JSON binds that name to the SparBench
/// class; the md5 is written beside it for whoever registers it.
/// </summary>
public static class VlmEvalKitExport
{
    public const string DefaultDataset = "SparBench_spar";

    static readonly string[] Header = ["index", "image", "question", "answer", "task", "category", "img_type", "format_type", "source"];

    public static ExportResult Write(IBenchSource bench, string directory, string dataset = DefaultDataset)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(dataset, "^[A-Za-z0-9_.-]+$"))
            throw new SparException($"dataset name '{dataset}' must be letters, digits, '_', '.' or '-' (it names a file)");
        Directory.CreateDirectory(directory);
        string tsv = dataset + ".tsv";
        long rows = 0;
        byte[]? hash = null;
        AtomicFile.Write(Path.Combine(directory, tsv), stream =>
        {
            using var md5 = IncrementalHash.CreateHash(HashAlgorithmName.MD5);
            using var hashing = new HashingStream(stream, md5);
            using (var w = new StreamWriter(hashing, new UTF8Encoding(false), 1 << 16) { NewLine = "\n" })
            {
                w.WriteLine(string.Join('\t', Header));
                foreach (var item in bench.Items())
                {
                    var images = item.Images.Select((image, i) => Convert.ToBase64String(ImageBytes(item, image, i))).ToList();
                    if (images.Count == 0) throw new SparException($"{bench.Location}: id {item.Id} has no image");
                    string imageCell = images.Count == 1 ? images[0] : "[" + string.Join(", ", images.Select(b => "'" + b + "'")) + "]";
                    string[] cells = [item.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), imageCell, item.Question, item.Answer,
                        item.Task, SparBenchDefinition.Instance.Task(item.Task).Level.ToString(), item.ImageType, item.FormatType, item.Source];
                    w.WriteLine(string.Join('\t', cells.Select(Cell)));
                    rows++;
                }
            }
            hash = md5.GetHashAndReset();
        });
        if (rows == 0) throw new SparException($"{bench.Location}: the benchmark has no rows");
        string md5Hex = Convert.ToHexStringLower(hash!);
        AtomicFile.WriteAllText(Path.Combine(directory, tsv + ".md5"), $"{md5Hex}  {tsv}\n");
        string config = dataset + "_config.json";
        AtomicFile.WriteAllText(Path.Combine(directory, config), Config(dataset));
        AtomicFile.WriteAllText(Path.Combine(directory, "README.md"), Readme(dataset, md5Hex, rows, bench.Location));
        return new ExportResult([tsv, tsv + ".md5", config, "README.md"], rows, md5Hex);
    }

    static byte[] ImageBytes(BenchItem item, BenchImage image, int index)
    {
        var bytes = image.Bytes();
        if (bytes.Length == 0) throw new SparException($"id {item.Id}: image {index} is empty");
        return bytes;
    }

    /// <summary>A cell as pandas' <c>to_csv(sep='\t')</c> writes it (QUOTE_MINIMAL), so <c>read_csv(sep='\t')</c> gives it back.</summary>
    public static string Cell(string value) =>
        value.AsSpan().IndexOfAny("\t\n\r\"") >= 0 ? "\"" + value.Replace("\"", "\"\"") + "\"" : value;

    static string Config(string dataset) =>
        "{\n" +
        "    \"model\": {\n" +
        "        \"Qwen2.5-VL-7B-Instruct\": {}\n" +
        "    },\n" +
        "    \"data\": {\n" +
        $"        \"{dataset}\": {{\n" +
        "            \"class\": \"SparBench\",\n" +
        $"            \"dataset\": \"{dataset}\"\n" +
        "        }\n" +
        "    }\n" +
        "}\n";

    static string Readme(string dataset, string md5, long rows, string source) => $"""
        # {dataset}: a spar benchmark for VLMEvalKit

        Written by `spar bench export {source} --to vlmevalkit` ({rows} rows). `{dataset}.tsv` is the SparBench TSV
        VLMEvalKit reads (columns `{string.Join(", ", Header)}`; images base64, a Python list literal for multi-view rows);
        md5 `{md5}` (also in `{dataset}.tsv.md5`).

        VLMEvalKit re-downloads a TSV whose md5 differs from the one it knows for that dataset name, so this file is
        not named `SparBench.tsv`: `{dataset}_config.json` binds the name `{dataset}` to VLMEvalKit's `SparBench` class
        (its prompts and scorer), which reads `$LMUData/{dataset}.tsv` without an md5 check.

        ```
        export LMUData="$(pwd)"          # this folder (VLMEvalKit also writes the decoded images below it)
        # edit the "model" entry of {dataset}_config.json (any model of vlmeval/config.py, or a class with its arguments)
        python run.py --config {dataset}_config.json --work-dir ./outputs
        ```

        Score VLMEvalKit's predictions file (`outputs/<model>/…/<model>_{dataset}.xlsx`, or .tsv/.json with
        PRED_FORMAT) with spar as well: `spar bench score {source} <that file> [--scorer strict]`.
        """.Replace("\r\n", "\n") + "\n";

    /// <summary>Hashes what passes through to the file, so the md5 costs no second read of a multi-gigabyte TSV.</summary>
    sealed class HashingStream(Stream inner, IncrementalHash hash) : Stream
    {
        public override void Write(byte[] buffer, int offset, int count)
        {
            hash.AppendData(buffer, offset, count);
            inner.Write(buffer, offset, count);
        }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            hash.AppendData(buffer);
            inner.Write(buffer);
        }

        public override void Flush() => inner.Flush();
        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        protected override void Dispose(bool disposing) { } // the file stream belongs to AtomicFile
    }
}
