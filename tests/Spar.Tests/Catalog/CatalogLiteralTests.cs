using System.Text;
using Spar.Catalog;

namespace Spar.Tests.Catalog;

/// <summary>
/// Issue 15: every per-task fact lives in <c>Catalog/</c> (the table) or <c>Tasks/</c> (the generators); code elsewhere
/// looks facts up. A task-type string literal outside those folders is a name test waiting to miss the next task type,
/// so this test fails on one: the exact key or folder name (<c>"nav"</c>), a key prefix (<c>"depth_prediction"</c>, a
/// StartsWith test) or a key suffix (<c>"_mv"</c>, an EndsWith test). Outside code uses <see cref="TaskNames"/>.
/// </summary>
public sealed class CatalogLiteralTests
{
    static readonly string[] Allowed = ["src/Spar/Catalog/", "src/Spar/Tasks/"];

    [Fact]
    public void No_task_type_literal_outside_the_catalogue_and_the_generators()
    {
        var src = Path.Combine(TestPaths.RepoRoot, "src");
        var offences = new List<string>();
        int files = 0;
        foreach (var file in Directory.EnumerateFiles(src, "*.cs", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            var relative = Path.GetRelativePath(TestPaths.RepoRoot, file).Replace('\\', '/');
            if (relative.Contains("/obj/") || relative.Contains("/bin/") || Allowed.Any(a => relative.StartsWith(a, StringComparison.Ordinal))) continue;
            files++;
            foreach (var (line, literal) in Literals(File.ReadAllText(file)))
                if (Offence(literal) is { } why) offences.Add($"{relative}:{line}: \"{literal}\" ({why})");
        }
        Assert.True(files > 100, $"only {files} source files scanned under {src}");
        Assert.True(offences.Count == 0, "task-type literals outside Catalog/ and Tasks/ (look the fact up in TaskCatalog, or use TaskNames):\n"
            + string.Join("\n", offences));
    }

    [Fact]
    public void The_scanner_sees_names_prefixes_and_suffixes_in_code_but_not_in_comments_or_prose()
    {
        const string code = """
            // if (type == "nav") is only a comment
            /* "obj_count" in a block comment */
            if (type == "nav" || t.StartsWith("depth_prediction") || t.EndsWith(@"_mv")) Fail("view_change_infer answer is bad");
            var c = '"'; var s = $"{task}_accuracy"; var k = "nav_video";
            """;
        var found = Literals(code).Select(x => (x.Line, x.Literal, Why: Offence(x.Literal))).Where(x => x.Why != null).ToList();
        Assert.Equal([(3, "nav"), (3, "depth_prediction"), (3, "_mv"), (4, "nav_video")], found.Select(x => (x.Line, x.Literal)));
    }

    static string? Offence(string literal)
    {
        foreach (var t in TaskCatalog.All)
        {
            if (literal == t.Type || literal == t.FolderName) return "a task type";
            if (literal.Contains('_') && !literal.EndsWith('_') && t.Type.StartsWith(literal + "_", StringComparison.Ordinal)) return "a task-type prefix";
            if (literal.EndsWith('_') && literal.Length > 1 && t.Type.StartsWith(literal, StringComparison.Ordinal)) return "a task-type prefix";
            if (literal.StartsWith('_') && literal.Length > 1 && t.Type.EndsWith(literal, StringComparison.Ordinal)) return "a task-type suffix";
        }
        return null;
    }

    /// <summary>The string literals of C# source with their line numbers: regular, verbatim, raw and interpolated
    /// (holes included as text); comments and char literals skipped.</summary>
    internal static List<(int Line, string Literal)> Literals(string code)
    {
        var result = new List<(int, string)>();
        int line = 1, i = 0;
        char At(int k) => k < code.Length ? code[k] : '\0';
        while (i < code.Length)
        {
            char c = code[i];
            if (c == '\n') { line++; i++; continue; }
            if (c == '/' && At(i + 1) == '/') { while (i < code.Length && code[i] != '\n') i++; continue; }
            if (c == '/' && At(i + 1) == '*')
            {
                i += 2;
                while (i < code.Length && !(code[i] == '*' && At(i + 1) == '/')) { if (code[i] == '\n') line++; i++; }
                i += 2;
                continue;
            }
            if (c == '\'')
            {
                i++;
                while (i < code.Length && code[i] != '\'') i += code[i] == '\\' ? 2 : 1;
                i++;
                continue;
            }
            if (c == '"')
            {
                bool verbatim = i > 0 && (code[i - 1] == '@' || i > 1 && code[i - 1] == '$' && code[i - 2] == '@');
                int start = line;
                var sb = new StringBuilder();
                if (At(i + 1) == '"' && At(i + 2) == '"')
                {
                    int q = i;
                    while (q < code.Length && code[q] == '"') q++;
                    string fence = new('"', q - i);
                    int end = code.IndexOf(fence, q, StringComparison.Ordinal);
                    if (end < 0) end = code.Length;
                    sb.Append(code, q, end - q);
                    line += sb.ToString().Count(ch => ch == '\n');
                    i = end + fence.Length;
                }
                else
                {
                    i++;
                    while (i < code.Length)
                    {
                        char d = code[i];
                        if (d == '"' && verbatim && At(i + 1) == '"') { sb.Append('"'); i += 2; continue; }
                        if (d == '"') { i++; break; }
                        if (d == '\\' && !verbatim) { sb.Append(d).Append(At(i + 1)); i += 2; continue; }
                        if (d == '\n') line++;
                        sb.Append(d);
                        i++;
                    }
                }
                result.Add((start, sb.ToString()));
                continue;
            }
            i++;
        }
        return result;
    }
}
