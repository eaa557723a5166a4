using System.Text.Json;
using Spar.Util;

namespace Spar.Dataset;

/// <summary>Streams records from a JSONL file with their 1-based line numbers; a bad line is an error naming file and line.</summary>
public static class QaRecordReader
{
    public static IEnumerable<(long Line, QaRecord Record)> Read(string path)
    {
        JsonlLineReader reader;
        try { reader = JsonlLineReader.Open(path); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException) { throw new SparException($"{path}: cannot read: {e.Message}", e); }
        using (reader)
        {
            while (reader.TryReadLine(out var line))
            {
                if (line.Trim(" \t"u8).IsEmpty) continue;
                QaRecord record;
                try { record = SparJson.ParseRecord(line); }
                catch (JsonException e) { throw new SparException($"{Util.JsonErrors.InLine(path, reader.LineNumber, e)} (invalid record)", e); }
                yield return (reader.LineNumber, record);
            }
        }
    }
}

/// <summary>Writes records as JSONL (one compact line each) to a temp file, renamed into place on <see cref="Dispose"/>.</summary>
public sealed class QaRecordWriter : IDisposable
{
    readonly string _path, _tmp;
    readonly FileStream _stream;
    readonly Utf8JsonWriter _json;
    bool _done;

    public QaRecordWriter(string path)
    {
        _path = Path.GetFullPath(path);
        Directory.CreateDirectory(Path.GetDirectoryName(_path)!);
        _tmp = Path.Combine(Path.GetDirectoryName(_path)!, StaleTemps.NameFor(Path.GetFileName(_path)));
        _stream = new FileStream(_tmp, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1 << 16);
        _json = new Utf8JsonWriter(_stream, new JsonWriterOptions { Encoder = SparJson.Options.Encoder, SkipValidation = true });
    }

    public long Count { get; private set; }

    public void Write(QaRecord record)
    {
        SparJson.WriteRecord(_json, record);
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
        Count++;
    }

    /// <summary>Closes and moves the file into place (atomic). Call <see cref="Abandon"/> instead to drop it.</summary>
    public void Dispose()
    {
        if (_done) return;
        _done = true;
        _json.Dispose();
        _stream.Dispose();
        File.Move(_tmp, _path, overwrite: true);
    }

    public void Abandon()
    {
        if (_done) return;
        _done = true;
        _json.Dispose();
        _stream.Dispose();
        File.Delete(_tmp);
    }
}
