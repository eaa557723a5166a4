using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Numerics;

namespace Spar.Cli.Commands;

/// <summary>
/// Options shared by several commands, and the conventions every command's options follow (applied once to the whole
/// command tree by <see cref="ApplyConventions"/>, so a command cannot forget them):
/// a list option takes <c>a,b</c> as well as <c>a b</c> and repeats; a number is parsed invariantly, and a bad one is
/// reported with the option's name and what it accepts, never a .NET type name.
/// </summary>
static class CommonOptions
{
    public static Option<int> Threads() => new Option<int>("--threads", "-j")
    {
        Description = "Worker threads (default: all cores)",
        DefaultValueFactory = _ => Environment.ProcessorCount,
    }.InRange(1, 1024);

    /// <summary>Makes a value outside [<paramref name="min"/>, <paramref name="max"/>] a usage error instead of a silent clamp.</summary>
    public static Option<int> InRange(this Option<int> option, int min, int max)
    {
        option.CustomParser = r => ParseNumber(r, option, min, max);
        return option;
    }

    /// <summary>Accepts only <paramref name="choices"/>; anything else is a usage error naming the option and the choices.</summary>
    public static Option<T> OneOf<T>(this Option<T> option, params string[] choices)
    {
        option.HelpName = string.Join('|', choices);
        option.Validators.Add(result =>
        {
            foreach (var token in result.Tokens)
                if (!choices.Contains(token.Value, StringComparer.Ordinal))
                    result.AddError($"{option.Name}: '{token.Value}' is not one of {string.Join(", ", choices)}");
        });
        return option;
    }

    public static Option<string[]> Sources() => new("--sources")
    {
        Description = "Sources to include (default: every source present), e.g. --sources scannet,scannetpp",
    };

    /// <summary>
    /// A synchronous action that receives the run's stop token (Ctrl-C, SIGTERM; see <see cref="StopRequest"/>). A
    /// command that passes it on stops at the library's next safe point; SparCli reports the stop.
    /// </summary>
    public static void SetStoppableAction(this Command command, Func<ParseResult, CancellationToken, int> action) =>
        command.SetAction((parse, cancel) => Task.FromResult(action(parse, cancel)));

    /// <summary><c>--allow-outside DIR</c> (repeatable): folders records may point into besides their root (docs/guarantees.md).</summary>
    public static Option<string[]> AllowOutside() => new("--allow-outside")
    {
        Description = "A folder records' image paths (symlinks included) may lead into besides their root, e.g. the ScanNet download a symlink farm points at; repeatable",
    };

    /// <summary>The path rule for a run, from its <c>--allow-outside</c> values.</summary>
    public static Spar.Dataset.PathRule Paths(System.CommandLine.ParseResult parse, Option<string[]> allowOutside) =>
        new(parse.GetValue(allowOutside) ?? []);

    /// <summary>The ROOT argument of every command that reads a SPAR-7M tree: the root or one source folder.</summary>
    public static Argument<string> TreeRoot(string? what = null) => new("root")
    {
        Description = (what ?? "SPAR-7M tree") + ": the root (the folder holding scannet/, rxr/, … or holding spar/) or one source folder (e.g. spar/scannet)",
    };

    /// <summary>Opens the tree ROOT names and says on stderr what it was taken for when that is not simply the root.</summary>
    public static Spar.Dataset.SparTree OpenTree(ParseResult parse, Argument<string> root)
    {
        var tree = Spar.Dataset.SparTree.Open(parse.GetValue(root)!);
        if (tree.Note is { } note) parse.InvocationConfiguration.Error.WriteLine(note);
        return tree;
    }

    public static IReadOnlyList<string>? NullIfEmpty(string[]? values) => values is { Length: > 0 } ? values : null;

    /// <summary>Applies the list and number conventions to every option of <paramref name="command"/> and its subcommands.</summary>
    public static void ApplyConventions(Command command)
    {
        foreach (var option in command.Options)
        {
            // An option that parses its own values (InRange, a command's own parser) keeps its parser.
            switch (option)
            {
                case Option<string[]> list:
                    list.AllowMultipleArgumentsPerToken = true;
                    list.CustomParser ??= SplitList;
                    break;
                case Option<int> o: o.CustomParser ??= r => ParseNumber(r, o, int.MinValue, int.MaxValue); break;
                case Option<long> o: o.CustomParser ??= r => ParseNumber(r, o, long.MinValue, long.MaxValue); break;
                case Option<ulong> o: o.CustomParser ??= r => ParseNumber(r, o, ulong.MinValue, ulong.MaxValue); break;
                case Option<double> o: o.CustomParser ??= r => ParseNumber(r, o, double.MinValue, double.MaxValue); break;
                case Option<int?> o: o.CustomParser ??= r => r.Tokens.Count == 0 ? null : ParseNumber(r, o, int.MinValue, int.MaxValue); break;
            }
        }
        foreach (var sub in command.Subcommands) ApplyConventions(sub);
    }

    /// <summary>
    /// <c>--tasks a,b c</c> is <c>[a, b, c]</c>. A token naming an existing file or folder is kept whole, so a path that
    /// happens to contain a comma still works.
    /// </summary>
    internal static string[] SplitList(ArgumentResult result)
    {
        var values = new List<string>();
        foreach (var token in result.Tokens)
        {
            if (token.Value.Contains(',') && !File.Exists(token.Value) && !Directory.Exists(token.Value))
                values.AddRange(token.Value.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
            else if (token.Value.Length > 0)
                values.Add(token.Value);
        }
        return [.. values];
    }

    static T ParseNumber<T>(ArgumentResult result, Option option, T min, T max) where T : struct, INumber<T>, IMinMaxValue<T>
    {
        if (result.Tokens.Count == 0) return default;
        var text = result.Tokens[^1].Value;
        bool integral = typeof(T) != typeof(double) && typeof(T) != typeof(float);
        var style = integral ? NumberStyles.Integer : NumberStyles.Float;
        string bounds = min == T.MinValue && max == T.MaxValue
            ? (T.IsZero(T.MinValue) ? " (0 or more)" : "")
            : $" ({min.ToString(null, CultureInfo.InvariantCulture)} to {max.ToString(null, CultureInfo.InvariantCulture)})";
        string kind = integral ? "a whole number" : "a number";
        if (!T.TryParse(text, style, CultureInfo.InvariantCulture, out var value) || (!integral && !double.IsFinite(double.CreateChecked(value))))
        {
            result.AddError($"{option.Name}: '{text}' is not {kind}{bounds}");
            return default;
        }
        if (value < min || value > max)
            result.AddError($"{option.Name} must be between {min.ToString(null, CultureInfo.InvariantCulture)} and {max.ToString(null, CultureInfo.InvariantCulture)}, not {text}");
        return value;
    }
}
