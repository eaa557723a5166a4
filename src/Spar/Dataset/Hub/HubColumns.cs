using Parquet.Schema;
using Spar.Util;

namespace Spar.Dataset.Hub;

/// <summary>
/// The columns of a SPAR-7M Hub parquet (<c>spar-dataset-train.parquet</c>), found by name (sources.md §1.2:
/// <c>id, qa_type, qa_format, question, answer, image, split</c>, the marker fields, and perhaps others). What the
/// record does not need may be absent; columns spar does not know are kept as record fields, after the known ones.
/// </summary>
public sealed class HubColumns
{
    /// <summary>Marker fields in the order the release writes them (format.md §2; the real records in shared/real).</summary>
    public static readonly IReadOnlyList<string> MarkerFields =
    [
        "red_point", "blue_point", "green_point", "red_bbox", "blue_bbox", "green_bbox", "yellow_bbox",
        "point_img_idx", "bbox_img_idx", "point_list", "bbox_list",
    ];

    public required NestedColumn Id { get; init; }
    public required NestedColumn Type { get; init; }
    public required NestedColumn Format { get; init; }
    public NestedColumn? Question { get; init; }
    public NestedColumn? Answer { get; init; }
    public NestedColumn? Conversations { get; init; }
    public required NestedColumn Image { get; init; }
    public NestedColumn? Depth { get; init; }
    public NestedColumn? Split { get; init; }
    public NestedColumn? Source { get; init; }
    public required IReadOnlyList<NestedColumn> Markers { get; init; }

    /// <summary>Columns that are not SPAR record fields, kept under their own names, in file order.</summary>
    public required IReadOnlyList<NestedColumn> Unknown { get; init; }

    /// <summary>What was not understood or had to be assumed, for the report.</summary>
    public required IReadOnlyList<string> Notes { get; init; }

    public static HubColumns Resolve(ParquetSchema schema, string path)
    {
        var notes = new List<string>();
        var byName = new Dictionary<string, Field>(StringComparer.Ordinal);
        foreach (var f in schema.Fields) byName.TryAdd(f.Name, f);
        var used = new HashSet<string>(StringComparer.Ordinal);

        NestedColumn? Find(string what, bool text, params string[] names)
        {
            foreach (var name in names)
            {
                if (!byName.TryGetValue(name, out var field)) continue;
                used.Add(name);
                var column = NestedColumn.TryResolve(field, out var why);
                if (column is null) throw new SparException($"{path}: column '{name}' ({what}) cannot be read: {why}");
                if (text && (column.ListDepth != 0 || column.StructMembers is not null || !IsText(column.Leaves[0])))
                    throw new SparException($"{path}: column '{name}' ({what}) must be a string column");
                return column;
            }
            return null;
        }
        NestedColumn Need(string what, bool text, params string[] names) =>
            Find(what, text, names) ?? throw new SparException(
                $"{path}: no column {string.Join(" or ", names.Select(n => $"'{n}'"))} ({what}); columns here: {string.Join(", ", byName.Keys)}. " +
                "A SPAR-7M parquet has id, qa_type, qa_format, question, answer, image (sources.md §1.2)");

        var id = Need("the record id", true, "id");
        var type = Need("the record type", true, "qa_type", "type");
        var format = Need("the format folder: fill, select, sentence, judge", true, "qa_format", "format");
        var conversations = Find("the conversation turns", false, "conversations");
        if (conversations is not null && (conversations.StructMembers is null || conversations.ListDepth != 1))
            throw new SparException($"{path}: column 'conversations' must be a list of {{from, value}} structs");
        var question = Find("the question", true, "question");
        var answer = Find("the answer", true, "answer");
        if (conversations is null && (question is null || answer is null))
            throw new SparException($"{path}: no {(question is null ? "'question'" : "'answer'")} column and no 'conversations': the records' turns cannot be rebuilt");
        if (conversations is not null && (question is not null || answer is not null))
            notes.Add("both 'conversations' and question/answer columns: the record's turns are taken from 'conversations'");
        var image = Need("the image paths", false, "image");
        CheckPaths(image, path);
        var depth = Find("the depth paths", false, "depth");
        if (depth is not null) CheckPaths(depth, path);
        var split = Find("the split", true, "split");
        if (split is null) notes.Add("no 'split' column: every record is written to the train split");
        var source = Find("the source dataset", true, "source");

        var markers = new List<NestedColumn>();
        foreach (var name in MarkerFields)
        {
            if (!byName.TryGetValue(name, out var field)) continue;
            used.Add(name);
            var column = NestedColumn.TryResolve(field, out var why);
            if (column is null || column.StructMembers is not null || column.ListDepth == 0 || IsText(column.Leaves[0]))
                notes.Add($"marker column '{name}' is not a list of numbers ({(why.Length > 0 ? why : "another shape")}): left out of the records");
            else markers.Add(column);
        }

        var unknown = new List<NestedColumn>();
        foreach (var field in schema.Fields)
        {
            if (used.Contains(field.Name)) continue;
            var column = NestedColumn.TryResolve(field, out var why);
            if (column is null) notes.Add($"column '{field.Name}' not understood ({why}): left out of the records");
            else
            {
                unknown.Add(column);
                notes.Add($"column '{field.Name}' is not a SPAR record field: kept in each record as \"{field.Name}\"");
            }
        }
        return new HubColumns
        {
            Id = id, Type = type, Format = format, Question = question, Answer = answer, Conversations = conversations,
            Image = image, Depth = depth, Split = split, Source = source, Markers = markers, Unknown = unknown, Notes = notes,
        };
    }

    static bool IsText(DataField d) => d.ClrType == typeof(string) || d.ClrType == typeof(ReadOnlyMemory<char>);

    static void CheckPaths(NestedColumn c, string path)
    {
        if (c.StructMembers is not null || c.ListDepth > 1 || !IsText(c.Leaves[0]))
            throw new SparException($"{path}: column '{c.Name}' must be a list of strings (image paths)");
    }
}
