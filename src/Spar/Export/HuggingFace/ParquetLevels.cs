namespace Spar.Export.HuggingFace;

/// <summary>
/// Definition and repetition levels for the nullable list columns of the export (Dremel encoding, as Parquet.Net's
/// <c>WriteAllPartsAsync</c> takes them), with every level optional: a null list, an empty list and an empty inner list
/// stay apart, so what a reader gets back is what the record held.
/// </summary>
static class ParquetLevels
{
    /// <summary>list&lt;string&gt;: null list 0, empty 1, element present 3.</summary>
    public static (ReadOnlyMemory<char>[] Values, int[] Def, int[] Rep) StringLists(IEnumerable<IReadOnlyList<string>?> rows)
    {
        var values = new List<ReadOnlyMemory<char>>();
        var def = new List<int>();
        var rep = new List<int>();
        foreach (var row in rows)
        {
            if (row is null) { def.Add(0); rep.Add(0); continue; }
            if (row.Count == 0) { def.Add(1); rep.Add(0); continue; }
            for (int i = 0; i < row.Count; i++) { values.Add(row[i].AsMemory()); def.Add(3); rep.Add(i == 0 ? 0 : 1); }
        }
        return ([.. values], [.. def], [.. rep]);
    }

    /// <summary>list&lt;list&lt;double&gt;&gt;: null 0, empty outer 1, empty inner 3, value 5.</summary>
    public static (double[] Values, int[] Def, int[] Rep) NumberLists(IEnumerable<double[][]?> rows)
    {
        var values = new List<double>();
        var def = new List<int>();
        var rep = new List<int>();
        foreach (var row in rows)
        {
            if (row is null) { def.Add(0); rep.Add(0); continue; }
            if (row.Length == 0) { def.Add(1); rep.Add(0); continue; }
            for (int i = 0; i < row.Length; i++)
            {
                if (row[i].Length == 0) { def.Add(3); rep.Add(i == 0 ? 0 : 1); continue; }
                for (int j = 0; j < row[i].Length; j++)
                {
                    values.Add(row[i][j]);
                    def.Add(5);
                    rep.Add(i == 0 && j == 0 ? 0 : j == 0 ? 1 : 2);
                }
            }
        }
        return ([.. values], [.. def], [.. rep]);
    }
}
