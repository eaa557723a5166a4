using System.Text;
using Spar.Dataset;
using Spar.Util;

namespace Spar.Bench.Data;

/// <summary>
/// Streams the records of a TSV or CSV file as pandas writes them (<c>to_csv</c>, minimal quoting): a field holding the
/// delimiter, a quote or a newline is wrapped in <c>"</c> with inner quotes doubled, so one record may span lines.
/// Only the current record is held in memory.
/// </summary>
public sealed class DelimitedReader : IDisposable
{
    readonly TextReader _reader;
    readonly char _delimiter;
    readonly StringBuilder _field = new();
    readonly string _name;
    readonly int _maxFieldChars;
    int _line = 1;

    /// <param name="name">The file's path, for messages.</param>
    /// <param name="maxFieldChars">The longest cell kept (the line readers' one limit, <see cref="JsonlLineReader.DefaultMaxLineBytes"/>);
    /// a longer one is an error naming the file and line rather than a string builder that grows until memory runs out.</param>
    public DelimitedReader(TextReader reader, char delimiter, string name = "input", int maxFieldChars = JsonlLineReader.DefaultMaxLineBytes)
    {
        _reader = reader;
        _delimiter = delimiter;
        _name = name;
        _maxFieldChars = maxFieldChars;
    }

    public static DelimitedReader Open(string path)
    {
        char delimiter = Path.GetExtension(path).Equals(".csv", StringComparison.OrdinalIgnoreCase) ? ',' : '\t';
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        return new DelimitedReader(new StreamReader(stream, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: true, 1 << 16), delimiter, path);
    }

    /// <summary>1-based line on which the record last returned starts.</summary>
    public int RecordLine { get; private set; }

    /// <summary>Reads the next record; false at the end. A blank line yields no record.</summary>
    /// <param name="keep">Which columns to materialise; the others are skipped without building strings and read as "".
    /// (A base64 image column is almost all of a VLMEvalKit TSV.)</param>
    public bool TryRead(List<string> fields, Func<int, bool>? keep = null)
    {
        fields.Clear();
        while (true)
        {
            int c = _reader.Peek();
            if (c < 0) return false;
            if (c == '\n' || c == '\r') { ConsumeNewline(); continue; }
            break;
        }
        RecordLine = _line;
        while (true)
        {
            bool endOfRecord = ReadField(keep?.Invoke(fields.Count) ?? true, out var value);
            fields.Add(value);
            if (endOfRecord) return true;
        }
    }

    /// <returns>True when the field ended the record (newline or end of file).</returns>
    bool ReadField(bool keep, out string value)
    {
        _field.Clear();
        if (_reader.Peek() == '"')
        {
            _reader.Read();
            while (true)
            {
                int c = _reader.Read();
                if (c < 0) throw new SparException($"{_name}:{RecordLine}: unterminated quoted field (a '\"' opens a cell that never closes)");
                if (c == '"')
                {
                    if (_reader.Peek() == '"') { _reader.Read(); if (keep) _field.Append('"'); continue; }
                    break;
                }
                if (c == '\n') _line++;
                if (keep) Append((char)c);
            }
        }
        while (true)
        {
            int c = _reader.Peek();
            if (c < 0) { value = _field.ToString(); return true; }
            if (c == '\n' || c == '\r') { ConsumeNewline(); value = _field.ToString(); return true; }
            _reader.Read();
            if (c == _delimiter) { value = _field.ToString(); return false; }
            if (keep) Append((char)c);
        }
    }

    void Append(char c)
    {
        if (_field.Length >= _maxFieldChars)
            throw new SparException($"{_name}:{RecordLine}: a cell longer than {_maxFieldChars} characters (spar's limit for one line or cell)");
        _field.Append(c);
    }

    void ConsumeNewline()
    {
        if (_reader.Read() == '\r' && _reader.Peek() == '\n') _reader.Read();
        _line++;
    }

    public void Dispose() => _reader.Dispose();
}
