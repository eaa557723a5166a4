using System.Text.Json;
using Spar.Bench.Data;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Predictions;

/// <summary>A prediction with the place it came from (<c>file:line</c>), for error messages.</summary>
public sealed record LocatedPrediction(BenchPrediction Prediction, string Where);

/// <summary>The prediction file forms <c>spar bench score</c> reads (docs/bench.md "Predictions").</summary>
public enum PredictionFormat { Spar, LmmsEval, VlmEvalKit }

/// <summary>Reads prediction files of any supported form, streaming.</summary>
public static class PredictionFile
{
    public static PredictionFormat Detect(string path)
    {
        var ext = Path.GetExtension(path).ToLowerInvariant();
        if (ext is ".tsv" or ".csv") return PredictionFormat.VlmEvalKit;
        if (ext == ".json") return PredictionFormat.LmmsEval;
        using var lines = JsonlLineReader.Open(path);
        while (lines.TryReadLine(out var line))
        {
            if (line.IsEmpty) continue;
            try
            {
                using var doc = JsonDocument.Parse(line.ToArray());
                if (doc.RootElement.ValueKind == JsonValueKind.Object &&
                    (doc.RootElement.TryGetProperty("doc_id", out _) || doc.RootElement.TryGetProperty("filtered_resps", out _)))
                    return PredictionFormat.LmmsEval;
            }
            catch (JsonException e)
            {
                throw new SparException($"{Util.JsonErrors.InLine(path, lines.LineNumber, e)} (invalid JSON)", e);
            }
            return PredictionFormat.Spar;
        }
        throw new SparException($"{path}: empty predictions file");
    }

    public static IEnumerable<LocatedPrediction> Read(string path)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: no such predictions file");
        return Detect(path) switch
        {
            PredictionFormat.LmmsEval => LmmsEvalSamples.Read(path),
            PredictionFormat.VlmEvalKit => ReadTable(path),
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

    /// <summary>VLMEvalKit's result table: <c>index</c> and <c>prediction</c> columns (TSV or CSV), task optional.</summary>
    static IEnumerable<LocatedPrediction> ReadTable(string path)
    {
        using var reader = DelimitedReader.Open(path);
        var fields = new List<string>();
        if (!reader.TryRead(fields)) throw new SparException($"{path}: empty predictions file");
        int index = fields.IndexOf("index"), prediction = fields.IndexOf("prediction"), task = fields.IndexOf("task");
        if (index < 0 || prediction < 0)
            throw new SparException($"{path}: a VLMEvalKit result table needs 'index' and 'prediction' columns (found: {string.Join(", ", fields)})");
        while (reader.TryRead(fields))
        {
            string where = $"{path}:{reader.RecordLine}";
            string Cell(int i) => i >= 0 && i < fields.Count ? fields[i] : "";
            if (!long.TryParse(Cell(index), out long id)) throw new SparException($"{where}: 'index' is not an integer: '{Cell(index)}'");
            string? taskName = task >= 0 && Cell(task).Length > 0 ? Cell(task) : null;
            yield return new LocatedPrediction(new BenchPrediction(id, taskName, Cell(prediction)), where);
        }
    }
}
