namespace Spar.Dataset.Hub;

/// <summary>
/// The pieces of a release-shaped record line (format.md §2, the real lines in shared/real/spar7m): field order <c>id,
/// conversations, image, type, depth</c>, the markers, then fields spar does not know; absent values leave their key
/// out. The layout is Python's <c>json.dumps</c> default (<see cref="PyJsonBuffer"/>).
/// </summary>
static class HubRecordLine
{
    /// <summary><c>[{"from": "human", "value": Q}, {"from": "gpt", "value": A}]</c>: the two turns the loader reads.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // per row: inlined into the row loop (compiled at once), not a call into precompiled code
    public static void Turns(PyJsonBuffer line, ReadOnlySpan<byte> question, ReadOnlySpan<byte> answer)
    {
        line.Raw("[{\"from\": \"human\", \"value\": "u8);
        line.Utf8String(question);
        line.Raw("}, {\"from\": \"gpt\", \"value\": "u8);
        line.Utf8String(answer);
        line.Raw("}]"u8);
    }

    /// <summary>A path list; a column holding one path per row (a plain string) becomes a one-element list.</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // per row, as Turns
    public static void PathList(PyJsonBuffer line, ReadOnlySpan<byte> fragment, bool single)
    {
        if (single) line.Byte((byte)'[');
        line.Raw(fragment);
        if (single) line.Byte((byte)']');
    }

    /// <summary><c>, "name": value</c> unless the row's value is null; <paramref name="separatorAndKey"/> is <c>, "name": </c> (<see cref="PyJsonBuffer.KeyBytes"/> after the separator).</summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)] // per marker column per row: inlined into the row loop
    public static void Field(PyJsonBuffer line, ReadOnlySpan<byte> separatorAndKey, RowFragments values, int row)
    {
        if (values.IsNull(row)) return;
        line.Raw(separatorAndKey);
        line.Raw(values.Get(row));
    }

    /// <summary>
    /// The length of a leading <c>spar/&lt;source&gt;/images/</c> or <c>&lt;source&gt;/images/</c> (an official source)
    /// in a UTF-8 path, and that source's name bytes; 0 when there is none. Third-party code finds the source in the Hub
    /// rows' image paths (sources.md §1.2), whereas the release's paths are relative to <c>&lt;source&gt;/images</c>. The
    /// prefix is cut at ASCII '/' bytes, so the rest decodes as the rest of the decoded path would.
    /// </summary>
    [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)] // see Spar7mParquetImporter.WriteRows
    public static int PrefixLength(ReadOnlySpan<byte> path, out ReadOnlySpan<byte> source)
    {
        source = default;
        int offset = path.StartsWith("spar/"u8) ? 5 : 0;
        var rest = path[offset..];
        int slash = rest.IndexOf((byte)'/');
        if (slash <= 0 || !rest[slash..].StartsWith("/images/"u8)) return 0;
        var name = rest[..slash];
        if (offset == 0 && OfficialName(name) is null) return 0;
        source = name;
        return offset + slash + "/images/".Length;
    }

    /// <summary>The official source named by these UTF-8 bytes (the shared string), or null.</summary>
    public static string? OfficialName(ReadOnlySpan<byte> name)
    {
        foreach (var s in SparTree.OfficialSources)
            if (name.Length == s.Length && System.Text.Ascii.Equals(name, s)) return s;
        return null;
    }
}
