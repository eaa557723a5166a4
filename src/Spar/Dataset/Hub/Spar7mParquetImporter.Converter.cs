using System.Runtime.CompilerServices;
using Spar.Util;

namespace Spar.Dataset.Hub;

public static partial class Spar7mParquetImporter
{
    /// <summary>
    /// Turns rows of a decoded row group into record lines, one converter per thread (its caches and counts its own).
    /// Text stays UTF-8 from the file to the line (<see cref="PyJsonBuffer.Utf8String"/>); the few values that name
    /// folders (type, format, split, source) are shared .NET strings (<see cref="Utf8Names"/>), made once per distinct
    /// value, so the output stream of a row is found by reference, with no key built per row.
    /// </summary>
    sealed class Converter(string path, StreamSet streams, BufferPool pool, byte[][] markerKeys, byte[][] unknownKeys)
    {
        public readonly Dictionary<string, long> UnknownTypes = new(StringComparer.Ordinal);
        static readonly string[] SourceWays = ["the source column", "the image path prefix", "the record id"];
        readonly long[] _sourceFrom = new long[SourceWays.Length]; // counted per row: an array, not a dictionary keyed by text

        /// <summary>How many rows' source was found which way (only the ways that were used).</summary>
        public Dictionary<string, long> SourceFrom =>
            SourceWays.Select((w, i) => (w, n: _sourceFrom[i])).Where(x => x.n > 0).ToDictionary(x => x.w, x => x.n, StringComparer.Ordinal);
        readonly Utf8Names _names = new();

        sealed class Target(string source, string split, string type, string format, Part part, bool knownType, byte[] typeField)
        {
            public readonly string Source = source, Split = split, Type = type, Format = format; // the shared strings it is found by
            public readonly Part Part = part;
            public readonly bool KnownType = knownType; // one of SPAR-7M's 35 (looked up once per target, not per row)

            /// <summary>
            /// <c>, "type": "…"</c>, escaped once per target: the type is part of what the target is found by, and its
            /// text as written depends only on the decoded string (<see cref="PyJsonBuffer.Utf8String"/> writes what
            /// <see cref="PyJsonBuffer.String(string)"/> writes for the decoded value).
            /// </summary>
            public readonly byte[] TypeField = typeField;
        }

        /// <summary>
        /// One output file's lines in the slice. Shared by every target naming that file: the same text can come as two
        /// strings (a source from the source column and, in rows where it is empty, the same source from the image path),
        /// and two buffers for one file would write its lines out of row order.
        /// </summary>
        sealed class Part(StreamSet.Stream stream)
        {
            public readonly StreamSet.Stream Stream = stream;
            public PyJsonBuffer? Lines;
            public int Count;
        }

        readonly Dictionary<StreamSet.Stream, Part> _parts = new(ReferenceEqualityComparer.Instance); // looked up once per new target

        // The targets by their four names' references, open addressing: looked up once per row. A Dictionary keyed by
        // the tuple was ~2 % of the import's CPU (four identity hashes, interface calls to the comparer, and its generic
        // code compiled at run time); here the hash is made of the strings' lengths and last characters (no call), and
        // equal names are the same strings (Utf8Names), so a match is four reference comparisons.
        Target?[] _slots = new Target?[256];
        int _targets;
        readonly List<Part> _touched = [];

        // The names are not empty (checked safe before the lookup), so every index here exists.
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        static int Hash(string source, string split, string type, string format) =>
            (type.Length * 31 + type[^1]) * 131 + type[type.Length >> 1] * 7 + format.Length * 17 + format[0] + (split.Length + split[0]) * 5 + source.Length * 3 + source[^1];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        Target TargetOf(string source, string split, string type, string format)
        {
            var slots = _slots;
            int mask = slots.Length - 1;
            for (int i = Hash(source, split, type, format) & mask; ; i = (i + 1) & mask)
            {
                var t = slots[i];
                if (t is null) break;
                if (ReferenceEquals(t.Type, type) && ReferenceEquals(t.Format, format) && ReferenceEquals(t.Source, source) && ReferenceEquals(t.Split, split)) return t;
            }
            return NewTarget(source, split, type, format);
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        Target NewTarget(string source, string split, string type, string format)
        {
            var stream = streams.Get(source, split, SparTree.TaskFolderOf(type), format);
            if (!_parts.TryGetValue(stream, out var part)) _parts[stream] = part = new Part(stream);
            var field = pool.Rent(); // a buffer of the run's escaping (EnsureAscii or not)
            field.Raw(", \"type\": "u8);
            field.String(type);
            var t = new Target(source, split, type, format, part, Catalog.TaskCatalog.TryGet(type, out _), field.Span.ToArray());
            pool.Return(field);
            if (_targets >= 1 << 16) return t; // a column of ever new names is not hoarded (the streams are still shared)
            if (++_targets * 2 > _slots.Length)
            {
                var old = _slots;
                _slots = new Target?[old.Length * 2];
                foreach (var o in old) if (o is not null) Place(o);
            }
            Place(t);
            return t;
        }

        void Place(Target t)
        {
            int mask = _slots.Length - 1, i = Hash(t.Source, t.Split, t.Type, t.Format) & mask;
            while (_slots[i] is not null) i = (i + 1) & mask;
            _slots[i] = t;
        }

        public SliceOutput Convert(GroupColumns set, int from, int to)
        {
            var bad = new List<BadRow>();
            long records = WriteRows(set, from, to, bad);
            var parts = new List<(StreamSet.Stream, PyJsonBuffer, int)>(_touched.Count);
            foreach (var t in _touched)
            {
                parts.Add((t.Stream, t.Lines!, t.Count));
                t.Lines = null;
                t.Count = 0;
            }
            _touched.Clear();
            return new SliceOutput(parts, bad, records);
        }

        // The per-value and per-row methods of the import are compiled fully optimized at once, skipping tiered
        // compilation's instrumented (PGO) tier: a 1M-row import spent about a fifth of its CPU in that tier's counting
        // code before the methods were recompiled (CPU 2.0 vs 2.3-2.4 s, alternating runs; bench/README.md). These few
        // methods are JIT-compiled at first call instead of taken from the ReadyToRun image.
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        long WriteRows(GroupColumns set, int from, int to, List<BadRow> bad)
        {
            var c = set.C;
            var ids = set.Ids; var questions = set.Questions; var answers = set.Answers; var sources = set.Sources;
            var typeNames = set.TypeNames; var formatNames = set.FormatNames;
            var splitNames = set.Splits is null ? null : set.SplitNames;
            var conversations = set.Conversations; var images = set.Images; var depths = set.Depths;
            var markers = set.Markers; var unknown = set.Unknown;
            long records = 0;
            for (int r = from; r < to; r++)
            {
                // Bad rows are reported by a method of their own, not a local function: one capturing r, ids and the row
                // index keeps those in memory for the whole loop instead of in registers.
                if (!ids.Has(r) || ids.Get(r).IsEmpty) { Bad(bad, set, r, "no id"); continue; }
                var id = ids.Get(r);
                string? type = typeNames[r];
                if (type is null || !IsSafe(type)) { Bad(bad, set, r, type is null ? $"no {c.Type.Name}" : $"{c.Type.Name} '{type}' cannot be a folder name"); continue; }
                string? format = formatNames[r];
                if (format is null || !IsSafe(format)) { Bad(bad, set, r, format is null ? $"no {c.Format.Name}" : $"{c.Format.Name} '{format}' cannot be a folder name"); continue; }
                string split = "train";
                if (splitNames is not null)
                {
                    string? s = splitNames[r];
                    if (s is null || !IsSafe(s)) { Bad(bad, set, r, s is null ? "no split" : $"split '{s}' cannot be a folder name"); continue; }
                    split = s;
                }
                if (conversations is not null ? conversations.IsNull(r) : !questions!.Has(r) || !answers!.Has(r))
                {
                    Bad(bad, set, r, conversations is not null ? "no conversations" : !questions!.Has(r) ? "no question" : "no answer");
                    continue;
                }
                if (images.IsNull(r) || !images.HasFirst(r)) { Bad(bad, set, r, images.IsNull(r) ? "no image list" : "empty image list"); continue; }
                var source = SourceOf(sources, set.SourceNames, r, images.FirstString(r), id, out var via);
                if (source is null) { Bad(bad, set, r, "cannot tell the source (no source column, no spar/<source>/images/ prefix, an id of no known scene pattern)"); continue; }
                if (!IsSafe(source)) { Bad(bad, set, r, $"source '{source}' cannot be a folder name"); continue; }
                _sourceFrom[via]++;

                var target = TargetOf(source, split, type, format);
                if (!target.KnownType) UnknownTypes[type] = UnknownTypes.GetValueOrDefault(type) + 1;
                var part = target.Part;
                if (part.Lines is null)
                {
                    part.Lines = pool.Rent();
                    _touched.Add(part);
                }

                // The line is built where it waits to be written (no copy); each fixed piece, separator and key
                // together, is one copy.
                var line = part.Lines;
                line.Raw("{\"id\": "u8);
                line.Utf8String(id);
                line.Raw(", \"conversations\": "u8);
                if (conversations is not null) line.Raw(conversations.Get(r));
                else HubRecordLine.Turns(line, questions!.Get(r), answers!.Get(r));
                line.Raw(", \"image\": "u8);
                HubRecordLine.PathList(line, images.Get(r), c.Image.ListDepth == 0);
                line.Raw(target.TypeField);
                if (depths is not null && !depths.IsNull(r))
                {
                    line.Raw(", \"depth\": "u8);
                    HubRecordLine.PathList(line, depths.Get(r), c.Depth!.ListDepth == 0);
                }
                for (int m = 0; m < markers.Length; m++) HubRecordLine.Field(line, markerKeys[m], markers[m], r);
                for (int u = 0; u < unknown.Length; u++) HubRecordLine.Field(line, unknownKeys[u], unknown[u], r);
                line.Raw("}\n"u8);
                part.Count++;
                records++;
            }
            return records;
        }

        // Names already found safe to be folder names, by reference (the shared strings of Utf8Names), in a small
        // direct-mapped cache: a row's three or four names were each checked with SparTree.IsSafeSegment, a call into
        // the runtime's IndexOfAny per name and row (~2 % of the CPU); a name that was checked is the same string again.
        readonly string?[] _safe = new string?[256];

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        bool IsSafe(string name)
        {
            int slot = (name.Length * 31 + (name.Length > 0 ? name[^1] : 0)) & (_safe.Length - 1);
            if (ReferenceEquals(_safe[slot], name)) return true;
            if (!SparTree.IsSafeSegment(name)) return false;
            _safe[slot] = name;
            return true;
        }

        [MethodImpl(MethodImplOptions.NoInlining)]
        void Bad(List<BadRow> bad, GroupColumns set, int r, string reason) => bad.Add(new BadRow(path, set.RowBase + r, set.Ids.Text(r), reason));

        byte[] _lastPrefix = [];
        string? _lastPrefixSource;

        string? SourceOf(FlatText? column, string?[] names, int row, ReadOnlySpan<byte> firstImage, ReadOnlySpan<byte> id, out int from)
        {
            if (column is not null && column.Has(row) && !column.Get(row).IsEmpty) { from = 0; return names[row]; }
            // The prefix's result depends only on the prefix's own bytes (HubRecordLine.PrefixLength reads no further), so
            // a path starting with the last prefix found has that prefix and source: one comparison instead of the
            // parse and the search of the official names, per row.
            if (_lastPrefix.Length > 0 && firstImage.StartsWith(_lastPrefix)) { from = 1; return _lastPrefixSource; }
            int cut = HubRecordLine.PrefixLength(firstImage, out var prefixed);
            if (cut > 0)
            {
                from = 1;
                _lastPrefix = firstImage[..cut].ToArray();
                return _lastPrefixSource = HubRecordLine.OfficialName(prefixed) ?? _names.Get(prefixed);
            }
            from = 2;
            Span<char> buffer = stackalloc char[128];
            var text = id.Length <= buffer.Length / 3 ? buffer[..System.Text.Encoding.UTF8.GetChars(id, buffer)] : System.Text.Encoding.UTF8.GetString(id).AsSpan();
            if (ScanNetId().IsMatch(text)) return "scannet";
            if (ScanNetPpId().IsMatch(text)) return "scannetpp";
            if (Structured3dId().IsMatch(text)) return "structured3d";
            return null;
        }
    }
}
