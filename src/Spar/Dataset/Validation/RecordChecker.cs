using System.Globalization;
using Spar.Catalog;

namespace Spar.Dataset;

/// <summary>A problem inside one record, before it is located in a file.</summary>
public readonly record struct RecordIssue(Severity Severity, string Kind, string Message);

/// <summary>
/// Checks one parsed record against the catalogue: required fields, marker fields exactly as its type needs, the 0–1000
/// grid, image indices, answer shape. File-system checks (images exist) are done by the caller.
/// </summary>
public static class RecordChecker
{
    public static void Check(QaRecord r, string? folderTask, QaFormat? folderFormat, List<RecordIssue> issues)
    {
        if (string.IsNullOrEmpty(r.Id)) issues.Add(Err("missing-field", "missing or empty \"id\""));
        if (r.Conversations.Count < 2)
            issues.Add(Err("missing-field", $"\"conversations\" needs a question and an answer turn, found {r.Conversations.Count}"));
        else if (r.Conversations[0].From != "human" || r.Conversations[1].From != "gpt")
            issues.Add(Err("conversation", $"conversation turns must be from \"human\" then \"gpt\", found \"{r.Conversations[0].From}\", \"{r.Conversations[1].From}\""));
        if (r.Image.Count == 0) issues.Add(Err("missing-field", "\"image\" is missing or empty"));
        if (r.Depth != null && r.Depth.Count != r.Image.Count)
            issues.Add(Err("depth", $"\"depth\" has {r.Depth.Count} entries for {r.Image.Count} images"));

        if (string.IsNullOrEmpty(r.Type)) { issues.Add(Err("missing-field", "missing \"type\"")); return; }
        if (!TaskCatalog.TryGet(r.Type, out var task)) { issues.Add(Err("unknown-type", $"unknown type \"{r.Type}\"")); return; }
        if (folderTask != null && folderTask != task.FolderName)
            issues.Add(Err("type-folder", $"type \"{r.Type}\" in folder \"{folderTask}\""));

        CheckMarkers(r, task, issues);
        if (folderFormat is { } format && r.Conversations.Count >= 2) CheckAnswer(r, task, format, issues);
    }

    /// <summary>Every problem of the catalogue's reading of the record's markers (<see cref="MarkerLayout.Resolve"/>) is an error.</summary>
    static void CheckMarkers(QaRecord r, TaskInfo task, List<RecordIssue> issues)
    {
        foreach (var p in task.Markers.Resolve(r).Problems) issues.Add(Err(p.KindName, p.Message));
    }

    static void CheckAnswer(QaRecord r, TaskInfo task, QaFormat format, List<RecordIssue> issues)
    {
        if (!task.HasFormat(format)) issues.Add(Warn("format", $"type {task.Type} has no \"{format.FolderName()}\" format in SPAR-7M"));
        var answer = r.Answer.Trim();
        switch (format)
        {
            case QaFormat.Select:
                var letters = SelectOptions.Letters(r.Question);
                if (letters.Count == 0) issues.Add(Err("select-options", "select question lists no lettered options (\"A. …\")"));
                else if (!SelectOptions.TryAnswerLetter(answer, out var letter) || !letters.Contains(letter))
                    issues.Add(Err("select-answer", $"select answer \"{Short(answer)}\" is not one of the offered letters {string.Join(", ", letters)}"));
                break;
            case QaFormat.Fill when task.HasNumericFill:
                if (!double.TryParse(answer, NumberStyles.Float, CultureInfo.InvariantCulture, out var x) || !double.IsFinite(x))
                    issues.Add(Err("fill-number", $"fill answer \"{Short(answer)}\" is not a finite number"));
                break;
            case QaFormat.Judge:
                if (answer is not ("Yes" or "No" or "yes" or "no"))
                    issues.Add(Warn("judge-answer", $"judge answer \"{Short(answer)}\" is not Yes or No"));
                break;
        }
        if (answer.Length == 0) issues.Add(Err("empty-answer", "empty answer"));
    }

    static string Short(string s) => s.Length <= 60 ? s : s[..57] + "…";
    static string Num(double v) => v.ToString(CultureInfo.InvariantCulture);
    static RecordIssue Err(string kind, string message) => new(Severity.Error, kind, message);
    static RecordIssue Warn(string kind, string message) => new(Severity.Warning, kind, message);
}
