using System.IO.Compression;
using System.Text.Json;
using Spar.Util;

namespace Spar.Scenes.Importers.Matterport;

/// <summary>One path of an R2R/RxR file with all its instructions; <see cref="Where"/> names its first record.</summary>
public sealed record NavigationPath(string PathId, string Scan, IReadOnlyList<string> Viewpoints, double Heading, IReadOnlyList<RouteInstruction> Instructions, string Where);

/// <summary>
/// Reads R2R and RxR path files. R2R (tasks/R2R/README.md): a JSON array of
/// <c>{distance, scan, path_id, path, heading, instructions[]}</c>, English (tag <c>en</c>), instruction ids
/// <c>&lt;path_id&gt;_&lt;i&gt;</c> as the R2R evaluation names them. RxR (google-research-datasets/RxR README): JSON Lines,
/// one instruction a line, <c>{instruction_id, language, path_id, scan, path, heading, instruction, …}</c>; lines of one
/// <c>path_id</c> are one path, and must agree on scan, path and heading. Either may be gzipped (<c>.gz</c>). Errors name
/// the file and line (JSON Lines) or record (JSON).
/// </summary>
public static class NavigationPaths
{
    /// <summary>
    /// The paths of an R2R (<paramref name="dataset"/> <c>r2r</c>) or RxR (<c>rxr</c>) file; a record of the other
    /// dataset's shape is an error naming it, so a scene is never labelled with the wrong dataset.
    /// </summary>
    public static IReadOnlyList<NavigationPath> Read(string path, string dataset, IReadOnlySet<string>? languages = null)
    {
        if (!File.Exists(path)) throw new SparException($"{path}: not found (an R2R .json or RxR .jsonl[.gz] path file)");
        var paths = new Grouping(dataset, languages);
        try
        {
            if (FirstByte(path) == (byte)'[')
            {
                // R2R: one JSON array (a few MB per split), parsed whole.
                byte[] bytes;
                using (var s = Open(path))
                using (var ms = new MemoryStream())
                {
                    s.CopyTo(ms);
                    bytes = ms.ToArray();
                }
                if (bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF) bytes = bytes[3..]; // a UTF-8 byte order mark
                using var doc = ParseOrName(bytes, e => $"{JsonErrors.InFile(path, e)} (invalid JSON)");
                int k = 0;
                foreach (var e in doc.RootElement.EnumerateArray()) paths.Add(e, $"{path}: record {k++}");
            }
            else
            {
                // RxR: JSON Lines, often hundreds of MB with the timed instructions; streamed a line at a time and each line's
                // document dropped once its fields are taken, so memory holds the paths and their instruction texts only.
                using var lines = new Dataset.JsonlLineReader(Open(path), name: path);
                while (lines.TryReadLine(out var line))
                {
                    if (line.Trim((byte)'\r').Trim((byte)' ').Length == 0) continue;
                    long n = lines.LineNumber;
                    using var doc = ParseOrName(line.ToArray(), e => $"{JsonErrors.InLine(path, n, e)} (invalid JSON line)");
                    paths.Add(doc.RootElement, $"{path}:{n}");
                }
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        { throw new SparException($"{path}: cannot read: {e.Message}", e); }
        return paths.Result();
    }

    static Stream Open(string path)
    {
        var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return path.EndsWith(".gz", StringComparison.OrdinalIgnoreCase) ? new GZipStream(fs, CompressionMode.Decompress) : fs;
    }

    /// <summary>The first byte after a byte order mark and white space (-1 for none): '[' is R2R's array form.</summary>
    static int FirstByte(string path)
    {
        using var s = Open(path);
        int b, at = 0;
        while ((b = s.ReadByte()) >= 0)
        {
            bool bom = at < 3 && b == new byte[] { 0xEF, 0xBB, 0xBF }[at];
            at++;
            if (bom || b is ' ' or '\n' or '\r' or '\t') continue;
            return b;
        }
        return -1;
    }

    static JsonDocument ParseOrName(byte[] json, Func<JsonException, string> message)
    {
        try { return JsonDocument.Parse(json); }
        catch (JsonException e) { throw new SparException(message(e), e); }
    }

    /// <summary>Records grouped by path_id as they come (RxR has one line per instruction of a path), in first-seen order.</summary>
    sealed class Grouping(string dataset, IReadOnlySet<string>? languages)
    {
        readonly Dictionary<string, (NavigationPath Path, List<RouteInstruction> Instructions)> byPath = new(StringComparer.Ordinal);
        readonly List<string> order = [];

        public void Add(JsonElement e, string where)
        {
            if (e.ValueKind != JsonValueKind.Object) throw new SparException($"{where}: expected a JSON object");
            var pathId = Id(e, "path_id", where);
            var scan = Str(e, "scan", where);
            if (!MatterportScan.IsScanId(scan)) throw new SparException($"{where}: scan '{scan}' is not a Matterport3D scan id (11 letters and digits)");
            if (!e.TryGetProperty("path", out var p) || p.ValueKind != JsonValueKind.Array || p.GetArrayLength() == 0 || p.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                throw new SparException($"{where}: path must be a non-empty list of viewpoint ids");
            var viewpoints = p.EnumerateArray().Select(v => v.GetString()!).ToList();
            if (!e.TryGetProperty("heading", out var h) || h.ValueKind != JsonValueKind.Number || !double.IsFinite(h.GetDouble()))
                throw new SparException($"{where}: heading must be a number (radians from +y, turning right)");
            var instructions = new List<RouteInstruction>();
            bool isR2r = e.TryGetProperty("instructions", out var r2r);
            if (isR2r != (dataset == "r2r"))
                throw new SparException(isR2r
                    ? $"{where}: an R2R record (an 'instructions' list); import it with spar import r2r"
                    : $"{where}: an RxR record (one 'instruction' per line, no 'instructions' list); import it with spar import rxr");
            if (isR2r) // R2R: several per record, English
            {
                if (r2r.ValueKind != JsonValueKind.Array || r2r.EnumerateArray().Any(v => v.ValueKind != JsonValueKind.String))
                    throw new SparException($"{where}: instructions must be a list of strings");
                int i = 0;
                foreach (var t in r2r.EnumerateArray()) instructions.Add(new RouteInstruction($"{pathId}_{i++}", "en", t.GetString()!));
            }
            else // RxR: one per line
                instructions.Add(new RouteInstruction(Id(e, "instruction_id", where), Str(e, "language", where), Str(e, "instruction", where)));
            instructions.RemoveAll(i => languages != null && !languages.Contains(i.Language));
            if (byPath.TryGetValue(pathId, out var known))
            {
                var k = known.Path;
                if (k.Scan != scan || !k.Viewpoints.SequenceEqual(viewpoints) || k.Heading != h.GetDouble())
                    throw new SparException($"{where}: path_id {pathId} has another scan, path or heading than at {k.Where}");
                known.Instructions.AddRange(instructions);
                return;
            }
            byPath[pathId] = (new NavigationPath(pathId, scan, viewpoints, h.GetDouble(), [], where), instructions);
            order.Add(pathId);
        }

        public List<NavigationPath> Result() =>
            order.Select(id => byPath[id]).Where(x => languages == null || x.Instructions.Count > 0)
            .Select(x => x.Path with { Instructions = x.Instructions }).ToList();
    }

    static string Str(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString()! : throw new SparException($"{where}: no '{name}' string");

    /// <summary>An id given as a number (R2R, RxR) or a string; kept as written.</summary>
    static string Id(JsonElement e, string name, string where) =>
        e.TryGetProperty(name, out var v) && v.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? (v.ValueKind == JsonValueKind.String ? v.GetString()! : v.GetRawText())
            : throw new SparException($"{where}: no '{name}' (a number or string)");
}
