using Parquet;
using Parquet.Meta;
using Parquet.Schema;

namespace Spar.Dataset.Hub;

/// <summary>
/// One top-level parquet column that spar can turn into a JSON value per row: a primitive, a list (of lists…) of
/// primitives, a struct of primitives, or a list (of lists…) of structs of primitives — every shape a jsonl record's
/// field takes (strings, <c>[[553, 397]]</c>, <c>[{"from": …, "value": …}]</c>). The Dremel levels are computed here from
/// the schema (each optional node adds a definition level, each repeated one a definition and a repetition level) and
/// checked against the reader's, so a layout this code does not understand is refused rather than misread.
/// </summary>
public sealed class NestedColumn
{
    public string Name { get; }

    /// <summary>Leaves in schema order: one for a primitive or a list of primitives, the members for a struct.</summary>
    public IReadOnlyList<DataField> Leaves { get; }

    /// <summary>Member names when the innermost value is a struct; null for a primitive.</summary>
    public IReadOnlyList<string>? StructMembers { get; }

    /// <summary>Per list depth (outermost first): the definition level at which that list has an element. One below
    /// it the list is present but empty; further below, the list is null.</summary>
    readonly int[] _elementDef;

    /// <summary>Definition level at which the struct (or, without one, the leaf's parent) is present.</summary>
    readonly int _structDef;

    /// <summary>Each leaf's level of a present value: read per value, so an array rather than an interface call to
    /// <see cref="Leaves"/> and a property of Parquet.Net's field each time.</summary>
    readonly int[] _leafMaxDef;

    NestedColumn(string name, IReadOnlyList<DataField> leaves, IReadOnlyList<string>? members, int[] elementDef, int structDef)
    {
        Name = name;
        Leaves = leaves;
        _leafMaxDef = leaves.Select(l => l.MaxDefinitionLevel).ToArray();
        StructMembers = members;
        _elementDef = elementDef;
        _structDef = structDef;
    }

    public int ListDepth => _elementDef.Length;

    /// <summary>The column's shape, or null with <paramref name="why"/> when it is none of the shapes above.</summary>
    public static NestedColumn? TryResolve(Field top, out string why)
    {
        var elementDefs = new List<int>();
        int def = 0;
        Field node = top;
        while (true)
        {
            if (node is ListField list)
            {
                if (Optional(list)) def++;
                def++; // the repeated group
                elementDefs.Add(def);
                node = list.Item;
            }
            else if (node is DataField { IsArray: true } legacy)
            {
                // A two-level list: a repeated primitive (older writers). Its values are required.
                def++;
                elementDefs.Add(def);
                return Leaf(top, legacy, elementDefs, def, def, out why);
            }
            else break;
        }
        if (node is DataField leaf)
        {
            int parentDef = def;
            if (Optional(leaf)) def++;
            return Leaf(top, leaf, elementDefs, parentDef, def, out why);
        }
        if (node is StructField s)
        {
            if (Optional(s)) def++;
            int structDef = def;
            var leaves = new List<DataField>();
            foreach (var member in s.Fields)
            {
                if (member is not DataField d || d.IsArray || !Supported(d))
                {
                    why = $"struct member '{member.Name}' is {Describe(member)}, not a primitive";
                    return null;
                }
                int expect = structDef + (Optional(d) ? 1 : 0);
                if (d.MaxDefinitionLevel != expect || d.MaxRepetitionLevel != elementDefs.Count)
                {
                    why = $"unexpected nesting levels under '{member.Name}'";
                    return null;
                }
                leaves.Add(d);
            }
            if (leaves.Count == 0) { why = "empty struct"; return null; }
            why = "";
            return new NestedColumn(top.Name, leaves, s.Fields.Select(f => f.Name).ToList(), elementDefs.ToArray(), structDef);
        }
        why = $"its type is {Describe(node)}";
        return null;
    }

    static NestedColumn? Leaf(Field top, DataField leaf, List<int> elementDefs, int parentDef, int maxDef, out string why)
    {
        if (!Supported(leaf))
        {
            why = $"its values are {Describe(leaf)}";
            return null;
        }
        if (leaf.MaxDefinitionLevel != maxDef || leaf.MaxRepetitionLevel != elementDefs.Count)
        {
            why = "its nesting levels are not those of a standard list";
            return null;
        }
        why = "";
        return new NestedColumn(top.Name, [leaf], null, elementDefs.ToArray(), parentDef);
    }

    static bool Optional(Field f) => f.SchemaElement?.RepetitionType is FieldRepetitionType.OPTIONAL ||
                                     f.SchemaElement is null && f.IsNullable;

    static bool Supported(DataField d) => LeafValues.Supports(d.ClrType);

    static string Describe(Field f) => f switch
    {
        DataField d => d.ClrType == typeof(ReadOnlyMemory<byte>) || d.ClrType == typeof(byte[]) ? "binary" : d.ClrType.Name,
        _ => f.SchemaType.ToString().ToLowerInvariant(),
    };

    LeafValues[]? _leafValues;
    RowFragments? _fragments;
    byte[][]? _memberKeys;

    /// <summary>
    /// Decodes this column's chunk in one row group into one JSON fragment per row (<see cref="RowFragments"/>); a
    /// <c>null</c> value (or an absent list) is marked null so the record leaves the key out, as the release does.
    /// <paramref name="cut"/> may drop a string value's leading bytes (image paths lose a <c>spar/&lt;source&gt;/images/</c>
    /// prefix). The result and its buffers belong to this column and are refilled by the next call (one row group at a time).
    /// </summary>
    public async ValueTask<RowFragments> ReadAsync(ParquetRowGroupReader group, int rows, bool integralAsInt, bool ensureAscii,
        Utf8ChunkReader pages, PrefixCut? cut = null)
    {
        var leaves = _leafValues ??= Leaves.Select(f => new LeafValues(f)).ToArray();
        for (int i = 0; i < leaves.Length; i++) await leaves[i].ReadAsync(group, pages);
        var result = _fragments ??= new RowFragments(ensureAscii);
        _memberKeys ??= StructMembers?.Select(result.Buffer.KeyBytes).ToArray();
        result.Reset(rows, leaves[0]);
        Assemble(leaves, result, integralAsInt, cut);
        return result;
    }

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see Spar7mParquetImporter.WriteRows
    void Assemble(LeafValues[] leaves, RowFragments output, bool integralAsInt, PrefixCut? cut)
    {
        var buf = output.Buffer;
        var lead = leaves[0];
        var leafMaxDef = _leafMaxDef;
        int depth = _elementDef.Length;
        if (StructMembers is null && lead.Count == output.Rows && AllBelow(lead.Def, lead.Count, depth > 0 ? _elementDef[0] - 1 : leafMaxDef[0]))
        {
            // Null in every row (one entry per row, each below the level at which the row has a value): marked so
            // without walking the entries. Most marker columns are null in most rows, and a column null in a whole row
            // group (five of the benchmark file's nine) cost per entry what a column with values did.
            for (int r = 0; r < output.Rows; r++)
            {
                output.Begin(r);
                output.End(r, isNull: true);
            }
            return;
        }
        var valueIndex = new int[leaves.Length];
        int row = -1, open = 0;
        bool rowNull = false;
        for (int e = 0; e < lead.Count; e++)
        {
            int rep = depth == 0 ? 0 : lead.Rep[e];
            int def = lead.Def[e];
            int start;
            if (rep == 0)
            {
                if (row >= 0) EndRow(output, row, ref open, rowNull);
                row++;
                if (row >= output.Rows) throw new InvalidDataException($"column '{Name}' has more rows than its row group ({output.Rows})");
                output.Begin(row);
                rowNull = false;
                start = 0;
            }
            else
            {
                if (rep > open) throw new InvalidDataException($"column '{Name}': repetition level {rep} inside {open} open lists");
                while (open > rep) { buf.Byte((byte)']'); open--; }
                buf.Comma();
                start = rep;
            }
            bool done = false;
            for (int j = start; j < depth; j++)
            {
                if (def < _elementDef[j] - 1)
                {
                    if (j == 0) rowNull = true;
                    else buf.Null();
                    done = true;
                    break;
                }
                buf.Byte((byte)'[');
                open++;
                if (def < _elementDef[j])
                {
                    buf.Byte((byte)']');
                    open--;
                    done = true;
                    break;
                }
            }
            if (done) continue;
            if (def < _structDef)
            {
                if (depth == 0) rowNull = true;
                else buf.Null();
                continue;
            }
            if (StructMembers is null)
            {
                if (def == leafMaxDef[0])
                {
                    if (lead.IsString) output.NoteFirst(row, valueIndex[0]);
                    lead.Write(buf, valueIndex[0]++, integralAsInt, cut);
                }
                else if (depth == 0) rowNull = true;
                else buf.Null();
                continue;
            }
            buf.Byte((byte)'{');
            for (int m = 0; m < leaves.Length; m++)
            {
                if (m > 0) buf.Comma();
                buf.Raw(_memberKeys![m]);
                if (leaves[m].Def[e] == leafMaxDef[m]) leaves[m].Write(buf, valueIndex[m]++, integralAsInt, cut);
                else buf.Null();
            }
            buf.Byte((byte)'}');
        }
        if (row >= 0) EndRow(output, row, ref open, rowNull);
        if (row != output.Rows - 1) throw new InvalidDataException($"column '{Name}' has {row + 1} rows, its row group {output.Rows}");
        for (int m = 1; m < leaves.Length; m++)
            if (leaves[m].Count != lead.Count) throw new InvalidDataException($"column '{Name}': struct members have different value counts");
    }

    static bool AllBelow(int[] levels, int count, int bound)
    {
        foreach (int level in levels.AsSpan(0, count)) if (level >= bound) return false;
        return true;
    }

    static void EndRow(RowFragments output, int row, ref int open, bool rowNull)
    {
        while (open > 0) { output.Buffer.Byte((byte)']'); open--; }
        output.End(row, rowNull);
    }
}

/// <summary>One JSON fragment per row of a row group, in one buffer; a null row has no fragment. Reused row group after row group.</summary>
public sealed class RowFragments(bool ensureAscii)
{
    int[] _start = [], _length = [], _first = [];
    LeafValues? _lead;

    public int Rows { get; private set; }

    public PyJsonBuffer Buffer { get; } = new(1 << 16) { EnsureAscii = ensureAscii };

    internal void Reset(int rows, LeafValues lead)
    {
        Rows = rows;
        _lead = lead;
        if (_start.Length < rows)
        {
            _start = new int[rows];
            _length = new int[rows];
            _first = new int[rows];
        }
        Array.Fill(_first, -1, 0, rows);
        Buffer.Clear();
    }

    internal void Begin(int row) => _start[row] = Buffer.Length;

    internal void End(int row, bool isNull) => _length[row] = isNull ? -1 : Buffer.Length - _start[row];

    internal void NoteFirst(int row, int valueIndex)
    {
        if (_first[row] < 0) _first[row] = valueIndex;
    }

    /// <summary>Whether the row has a string value; <see cref="FirstString"/> is then its first, as stored (before any cut), e.g. its first image path.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool HasFirst(int row) => _first[row] >= 0;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> FirstString(int row) => _lead!.Utf8At(_first[row]);

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public bool IsNull(int row) => _length[row] < 0;

    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
    public ReadOnlySpan<byte> Get(int row) => _length[row] < 0 ? default : Buffer.Slice(_start[row], _length[row]);
}
