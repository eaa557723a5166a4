using System.Text.Json;
using Spar.Dataset;

namespace Spar.Export;

/// <summary>A file written through a temp file beside it and renamed into place on <see cref="Publish"/>; deleted otherwise.</summary>
sealed class PendingFile : IDisposable
{
    readonly string _path, _tmp;
    bool _published;

    public PendingFile(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _tmp = Path.Combine(Path.GetDirectoryName(_path)!, Util.StaleTemps.NameFor(Path.GetFileName(_path)));
        Stream = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
    }

    public FileStream Stream { get; }
    public string FinalPath => _path;

    public void Publish()
    {
        Stream.Flush();
        Stream.Dispose();
        File.Move(_tmp, _path, overwrite: true);
        _published = true;
    }

    public void Dispose()
    {
        if (!_published) Util.AtomicFile.Abandon(Stream, _tmp);
    }
}

/// <summary>All samples into one JSON array file (LLaVA, LLaMA-Factory), streamed element by element.</summary>
sealed class JsonArrayWriter : IConversationWriter
{
    /// <summary>Disposing flushes the JSON writer; when the file is being abandoned (a full disk, a stop) that may fail.</summary>
    internal static void DisposeAbandoning(Utf8JsonWriter json)
    {
        try { json.Dispose(); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { }
    }

    readonly string _outDir;
    readonly PendingFile _file;
    readonly Utf8JsonWriter _json;
    readonly Action<Utf8JsonWriter, ExportSample> _write;
    readonly Action<string>? _sidecar;

    public JsonArrayWriter(string outDir, string fileName, Action<Utf8JsonWriter, ExportSample> write, Action<string>? sidecar = null)
    {
        _outDir = outDir;
        _file = new PendingFile(Path.Combine(outDir, fileName));
        _json = new Utf8JsonWriter(_file.Stream, ConversationWriters.Compact);
        _write = write;
        _sidecar = sidecar;
        _json.WriteStartArray();
        OutputFiles = [_file.FinalPath];
    }

    public IReadOnlyList<string> OutputFiles { get; }

    public void BeginDataset(ExportDataset dataset) { }
    public void EndDataset() { }

    public void Write(ExportSample sample)
    {
        _write(_json, sample);
        // One element per line keeps the file greppable and lets the writer flush as it goes.
        _json.Flush();
        _file.Stream.WriteByte((byte)'\n');
    }

    public void Complete()
    {
        _json.WriteEndArray();
        _json.Dispose();
        _file.Publish();
        _sidecar?.Invoke(_outDir);
    }

    public void Dispose()
    {
        DisposeAbandoning(_json);
        _file.Dispose();
    }
}

/// <summary>
/// InternVL chat fine-tuning: one JSONL per dataset under <c>annotations/</c> plus a meta file
/// (<c>internvl_meta.json</c>: root, annotation, data_augment, repeat_time, length per dataset). repeat_time is
/// already applied to the lines written, so the meta says 1.
/// </summary>
sealed class InternVlWriter(string outDir) : IConversationWriter
{
    /// <summary>Where the per-dataset annotation files go, under the export folder.</summary>
    public const string AnnotationsFolder = "annotations";

    readonly List<(string Key, string Annotation, long Length)> _done = [];
    readonly List<string> _files = [];
    PendingFile? _file;
    Utf8JsonWriter? _json;
    string _key = "";
    long _count;

    public IReadOnlyList<string> OutputFiles => _files;

    public void BeginDataset(ExportDataset dataset)
    {
        _key = dataset.Key;
        _count = 0;
        _file = new PendingFile(Path.Combine(outDir, InternVlWriter.AnnotationsFolder, dataset.Key + ".jsonl"));
        _json = new Utf8JsonWriter(_file.Stream, ConversationWriters.Compact);
    }

    public void Write(ExportSample s)
    {
        var w = _json!;
        w.WriteStartObject();
        w.WriteNumber("id", _count);
        w.WriteString("sample_id", s.Id);
        ConversationWriters.WriteImageField(w, s);
        ConversationWriters.WriteHumanGpt(w, s);
        w.WriteEndObject();
        w.Flush();
        w.Reset();
        _file!.Stream.WriteByte((byte)'\n');
        _count++;
    }

    public void EndDataset()
    {
        _json!.Dispose();
        _file!.Publish();
        _files.Add(_file.FinalPath);
        _done.Add((_key, _file.FinalPath, _count));
        _json = null;
        _file = null;
    }

    public void Complete()
    {
        var metaPath = Path.Combine(outDir, "internvl_meta.json");
        Util.AtomicFile.Write(metaPath, stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            foreach (var (key, annotation, length) in _done)
                new IndexEntry(Path.GetFullPath(outDir), annotation, PythonCompat.PyNumber.Int(1), length) { DataAugment = false }.Write(w, key);
            w.WriteEndObject();
        });
        _files.Add(Path.GetFullPath(metaPath));
    }

    public void Dispose()
    {
        if (_json is not null) JsonArrayWriter.DisposeAbandoning(_json);
        _file?.Dispose();
    }
}
