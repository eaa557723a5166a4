using System.Text.Json;
using Spar.Bench.Data;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Predictions;

/// <summary>A prediction with the place it came from (<c>file:line</c>), for error messages.</summary>
public sealed record LocatedPrediction(BenchPrediction Prediction, string Where);

/// <summary>The prediction file forms <c>spar bench score</c> reads (docs/bench.md "Predictions").</summary>
public enum PredictionFormat { Spar, LmmsEval, VlmEvalKit, VlmEvalKitXlsx, VlmEvalKitJson }

/// <summary>Reads prediction files of any supported form, streaming.</summary>
public static class PredictionFile
{
    /// <summary>Every shape spar reads, for the one message a file of another shape gets.</summary>
    public const string KnownShapes =
        "spar's predictions JSONL (one {\"id\", \"prediction\", …} object per line, from spar bench run); " +
        "lmms-eval --log_samples output (samples_*.jsonl, or a .json object with a 'logs' list); " +
        "VLMEvalKit predictions with 'index' and 'prediction' columns: .xlsx (its default), .tsv, .csv, " +
        "or .json (a list of records)";

    // `where` is the path, or `path:line` for a line-based file (the file:line form every spar error uses).
    static SparException UnknownShape(string where, string what) =>
        new($"{where}: {what}, which is none of the prediction shapes spar reads: {KnownShapes}");

    public static PredictionFormat Detect(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        Span<byte> head = stackalloc byte[8];
        int n;
        using (var f = File.OpenRead(path)) n = f.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        head = head[..n];
        if (n == 0) throw new SparException($"{path}: empty predictions file");
        // A zip container (xlsx is one): sniffed, so a workbook saved under another name is not read as text.
        if (head.StartsWith("PK\x03\x04"u8)) return PredictionFormat.VlmEvalKitXlsx;
        if (head.StartsWith(new byte[] { 0xD0, 0xCF, 0x11, 0xE0 }))
            throw UnknownShape(path, "an Excel 97–2003 (.xls) workbook (save it as .xlsx or .tsv)");
        if (ext == ".xlsx") throw UnknownShape(path, "named .xlsx but not a zip container (an .xlsx workbook is one)");
        if (ext is ".tsv" or ".csv") return PredictionFormat.VlmEvalKit;
        if (ext == ".json")
        {
            return FirstNonSpace(path) switch
            {
                (byte)'[' => PredictionFormat.VlmEvalKitJson,
                (byte)'{' => PredictionFormat.LmmsEval,
                _ => throw UnknownShape(path, "a .json file that is neither a list of records nor an object"),
            };
        }
        using var lines = JsonlLineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            try
            {
                using var doc = JsonDocument.Parse(line.ToArray());
                var root = doc.RootElement;
                if (root.ValueKind == JsonValueKind.Object &&
                    (root.TryGetProperty("doc_id", out _) || root.TryGetProperty("filtered_resps", out _)))
                    return PredictionFormat.LmmsEval;
                if (root.ValueKind == JsonValueKind.Array)
                    throw UnknownShape($"{path}:{lines.LineNumber}", $"a JSON list (VLMEvalKit's .json records? name the file .json)");
                if (root.ValueKind != JsonValueKind.Object)
                    throw UnknownShape($"{path}:{lines.LineNumber}", "not a JSON object");
            }
            catch (JsonException e)
            {
                throw UnknownShape($"{path}:{lines.LineNumber}", $"not JSON ({Util.JsonErrors.AtColumn(e)})");
            }
            return PredictionFormat.Spar;
        }
        throw new SparException($"{path}: empty predictions file");
    }

    static int FirstNonSpace(string path)
    {
        using var f = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 4096);
        int b;
        while ((b = f.ReadByte()) >= 0)
        {
            if (b is 0xEF or 0xBB or 0xBF) continue; // a UTF-8 byte order mark
            if (b is not ((byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')) return b;
        }
        return -1;
    }

    public static IEnumerable<LocatedPrediction> Read(string path)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: no such predictions file");
        return Detect(path) switch
        {
            PredictionFormat.LmmsEval => LmmsEvalSamples.Read(path),
            PredictionFormat.VlmEvalKit => VlmEvalKitPredictions.ReadTable(path),
            PredictionFormat.VlmEvalKitXlsx => VlmEvalKitPredictions.ReadXlsx(path),
            PredictionFormat.VlmEvalKitJson => VlmEvalKitPredictions.ReadJsonRecords(path),
            _ => ReadSpar(path),
        };
    }

    static IEnumerable<LocatedPrediction> ReadSpar(string path)
    {
        using var lines = JsonlLineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            var p = BenchPredictionJson.TryParse(line, out var problem);
            if (p is null)
            {
                // A run killed mid-write can only leave a torn last line; say so rather than just "invalid JSON".
                string hint = lines.LastLineUnterminated ? " (the last line is incomplete: was the run interrupted? rerun it to finish)" : "";
                throw new SparException($"{path}:{lines.LineNumber}: {problem}{hint}");
            }
            yield return new LocatedPrediction(p, $"{path}:{lines.LineNumber}");
        }
    }
}
