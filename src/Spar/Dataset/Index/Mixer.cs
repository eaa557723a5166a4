using System.Globalization;
using System.Text.Json;
using Spar.Util;
using Spar.PythonCompat;

namespace Spar.Dataset;

public sealed record MixReport(string OutputPath, long TotalLengthWithRepeat, int Entries, IReadOnlyList<string> Warnings);

/// <summary>The official <c>mix_data.py</c> (format.md §7): repeat_time = dataset ratio × format ratio, same output and name.</summary>
public static class Mixer
{
    public static MixReport Mix(string indexDir, MixConfig config)
    {
        if (!Directory.Exists(indexDir)) throw new SparException($"{indexDir}: index directory not found");
        var formatRatios = config.FormatRatios.ToDictionary(kv => kv.Key, kv => kv.Value, StringComparer.Ordinal);
        var final = new OrderedDictionary<string, IndexEntry>(StringComparer.Ordinal);
        var warnings = new List<string>();
        long total = 0;

        foreach (var (name, datasetRatio) in config.MixRatios)
        {
            var path = Path.Combine(indexDir, name + ".json");
            if (!File.Exists(path))
            {
                warnings.Add($"File not found: {path}");
                continue;
            }
            foreach (var (key, value) in IndexFile.Read(path))
            {
                var format = key[(key.LastIndexOf('_') + 1)..];
                if (!formatRatios.TryGetValue(format, out var formatRatio))
                {
                    warnings.Add($"Unknown task type: {format}, skipping.");
                    continue;
                }
                var where = $"{path}: entry {key}";
                var item = IndexEntry.Parse(value, where);
                if (item.Length is not long length) throw new SparException($"{where} has no integer \"length\"");

                var repeat = Multiply(datasetRatio, formatRatio, where);
                long withRepeat = LengthWithRepeat(length, repeat, where);
                // The input entry with repeat_time replaced and length_with_repeat added (format.md §7).
                final[key] = item with { RepeatTime = repeat, LengthWithRepeat = withRepeat };
                total = TooLargeUnless(() => checked(total + withRepeat), $"{path}: entry {key}: the total length_with_repeat");
            }
        }

        var mixName = string.Join('_', config.MixRatios.Select(kv => RatioLabel(kv.Value) + kv.Key.Split('_')[0]));
        var output = Path.Combine(indexDir, $"{mixName}_{total / 1_000_000}m.json");
        var text = IndexFile.Format(final, ensureAscii: false);
        if (File.Exists(output) && File.ReadAllText(output) != text)
            warnings.Add($"{output} already exists with different content and is replaced: the official naming can give two different " +
                         "mixes one name (an int ratio 10 prints as \"1\", a total under 1,000,000 as \"0m\"); keep the old file under another name if you need it");
        AtomicFile.WriteAllText(output, text);
        return new MixReport(output, total, final.Count, warnings);
    }

    /// <summary>Python's <c>a * b</c>: int × int stays int, anything else is an IEEE double product (which must stay finite).</summary>
    static PyNumber Multiply(PyNumber a, PyNumber b, string where)
    {
        if (a.IsInt && b.IsInt) return PyNumber.Int(TooLargeUnless(() => checked((long)a.Value * (long)b.Value), $"{where}: repeat_time {a} × {b}"));
        double product = a.Value * b.Value;
        return double.IsFinite(product) ? PyNumber.Float(product)
            : throw new SparException($"{where}: repeat_time {a} × {b} is not a finite number; use smaller ratios");
    }

    /// <summary>
    /// <c>int(length × repeat_time)</c>. Python's int has no limit, but no loader can repeat data 2^63 times: a count that does not
    /// fit a 64-bit integer is refused rather than saturated (a cast would write 9223372036854775807 and name the file after it).
    /// </summary>
    static long LengthWithRepeat(long length, PyNumber repeat, string where)
    {
        if (repeat.IsInt) return TooLargeUnless(() => checked(length * (long)repeat.Value), $"{where}: length {length} × repeat_time {repeat}");
        double product = Math.Truncate(length * repeat.Value);
        // 2^63 is exactly representable; every double below it fits a long.
        return product < 9223372036854775808.0 ? (long)product
            : throw new SparException(string.Create(CultureInfo.InvariantCulture,
                $"{where}: length {length} × repeat_time {repeat} = {product:G6} does not fit a 64-bit record count; use a smaller ratio"));
    }

    static long TooLargeUnless(Func<long> compute, string what)
    {
        try
        {
            return compute();
        }
        catch (OverflowException)
        {
            throw new SparException($"{what} does not fit a 64-bit record count; use a smaller ratio");
        }
    }

    /// <summary>
    /// <c>str(ratio).rstrip("0").rstrip(".") if ratio != 1.0 else "1"</c>, quirks included: int 10 → "1", int 0 → "".
    /// </summary>
    public static string RatioLabel(PyNumber ratio) =>
        ratio.Value == 1.0 ? "1" : ratio.ToString().TrimEnd('0').TrimEnd('.');
}

/// <summary>A UTF-8 byte-order mark is accepted in every JSON file spar reads, as the JSONL readers do.</summary>
static class Utf8Bom
{
    public static ReadOnlyMemory<byte> Skip(byte[] bytes) =>
        bytes.AsSpan().StartsWith("\uFEFF"u8) ? bytes.AsMemory(3) : bytes;
}
