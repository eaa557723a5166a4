using Spar.Catalog;
using Spar.Dataset;

namespace Spar.Tasks;

/// <summary>
/// Answer-prior control (generation.md §4, issue 16): within a stream no answer value may take more than
/// <see cref="TaskSettings.MaxAnswerShare"/> of the records, so a question cannot be answered from the prior alone.
/// Checked as each record is emitted: a record is refused ("answer-prior") when its value would pass the share of the
/// records emitted so far plus itself (the first record is always allowed). The bound holds for every stream of at
/// least three records, and so for the run's type × format totals, which add up scene streams. Values are the fill
/// answer and the correct select option's text; sentence answers are paraphrased (each is its own value) and judge
/// answers are balanced Yes/No by construction, so neither is checked.
/// </summary>
public sealed class AnswerPrior(QaFormat format, double maxShare)
{
    readonly Dictionary<string, int> _counts = new(StringComparer.Ordinal);

    /// <summary>The value a record counts under, or null when the format is not checked.</summary>
    public static string? ValueOf(QaRecord record, QaFormat format)
    {
        if (record.Conversations.Count < 2) return null;
        string answer = record.Conversations[1].Value;
        switch (format)
        {
            case QaFormat.Fill: return answer;
            case QaFormat.Select:
                string prefix = answer + ". ";
                foreach (var line in record.Conversations[0].Value.Split('\n'))
                    if (line.StartsWith(prefix, StringComparison.Ordinal)) return line[prefix.Length..];
                return answer;
            default: return null;
        }
    }

    /// <summary>Whether a record with this value may be emitted after <paramref name="emitted"/> records.</summary>
    public bool Allows(QaRecord record, int emitted)
    {
        if (maxShare >= 1 || ValueOf(record, format) is not { } v) return true;
        return _counts.GetValueOrDefault(v) + 1 <= Cap(maxShare, emitted);
    }

    /// <summary>How many records of one value a stream may hold once the next is emitted after <paramref name="emitted"/>
    /// (the first is always allowed). Generators that plan their answers (obj_count) use it too, so the driver never
    /// refuses what they propose.</summary>
    public static int Cap(double maxShare, int emitted) => Math.Max(1, (int)Math.Floor(maxShare * (emitted + 1) + 1e-9));

    public void Add(QaRecord record)
    {
        if (ValueOf(record, format) is { } v) _counts[v] = _counts.GetValueOrDefault(v) + 1;
    }
}
