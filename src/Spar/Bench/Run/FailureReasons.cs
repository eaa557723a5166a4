using System.Text.RegularExpressions;

namespace Spar.Bench.Run;

/// <summary>A failed item of a run: its id, task, how many images it sent, and the error kept in its prediction line.</summary>
public sealed record RunFailure(long Id, string Task, int Images, string Error);

/// <summary>One row of the failure table: a reason, how many items failed with it, the first of them, and a fix when the
/// reason is a known server limit.</summary>
public sealed record FailureGroup(string Reason, int Count, long FirstId, string Example, string? Fix);

/// <summary>
/// Sorts the errors of failed items into reasons, so a run ends with "240 × too many images per request" instead of
/// a bare count, and names the fix of the server limits people hit with SPAR-Bench (multi-view rows send up to three
/// images; vLLM accepts one per prompt by default). The patterns are the servers' own messages (docs/bench-run.md
/// "Servers"); anything else is grouped by HTTP status or by the kind of fault the runner recorded.
/// </summary>
public static class FailureReasons
{
    public const string TooManyImages = "too many images per request";
    public const string ContextLength = "prompt longer than the server's context length";

    static readonly Regex TooManyImagesPattern = new(
        // vLLM ≤ 0.7: "At most 1 image(s) may be provided in one request." (or "… in one prompt.");
        // vLLM ≥ 0.8: "You set image=2 (or defaulted to 1) in `--limit-mm-per-prompt`, but passed 3 image items …";
        // Ollama: "vision model only supports a single image per message"; "this model only supports one image …".
        @"At most \d+ image\(s\) may be provided|limit[-_]mm[-_]per[-_]prompt|only supports (?:a single|one) image",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    static readonly Regex ContextLengthPattern = new(
        // vLLM: "This model's maximum context length is 4096 tokens. However, you requested …", "The decoder prompt
        // (length 10127) is longer than the maximum model length of 8192", "The prompt (total length 25938) is too long
        // to fit into the model (context length 4096)"; SGLang: "The input (61709 tokens) is longer than the model's
        // context length (40960 tokens)"; TGI: "`inputs` tokens + `max_new_tokens` must be <= 4096", "`inputs` must have
        // less than 1024 tokens"; LMDeploy: "exceed session max length".
        @"maximum context length|longer than the (?:model's context length|maximum model length)|too long to fit into the model|" +
        @"`inputs` tokens \+ `max_new_tokens` must be|`inputs` must have less than|exceeds? (?:the )?session[ _]?(?:max )?len",
        RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);

    static readonly Regex HttpStatus = new(@"^HTTP (\d{3})", RegexOptions.CultureInvariant);

    /// <summary>The reason of one error and, for a known server limit, how to lift it.</summary>
    public static (string Reason, string? Fix) Classify(string error, int images = 0)
    {
        if (TooManyImagesPattern.IsMatch(error))
            return (TooManyImages,
                $"the server refuses several images in one request; SPAR-Bench sends up to {Math.Max(images, 3)} (multi-view rows{(images > 3 ? ", with their depth maps" : "")}). " +
                $"vLLM: restart it with --limit-mm-per-prompt '{{\"image\":{Math.Max(images, 3)}}}' (older vLLM: --limit-mm-per-prompt image={Math.Max(images, 3)}); " +
                "Ollama: this model takes one image per message. Other servers: docs/bench-run.md \"Servers\".");
        if (ContextLengthPattern.IsMatch(error))
            return (ContextLength,
                "the images and question do not fit the context the server was started with. vLLM: --max-model-len; " +
                "SGLang: --context-length; LMDeploy: --session-len; TGI: --max-input-tokens and --max-total-tokens; " +
                "Ollama: OLLAMA_CONTEXT_LENGTH / num_ctx; or shrink the image tokens (vLLM --mm-processor-kwargs '{\"max_pixels\":…}'). " +
                "See docs/bench-run.md \"Servers\".");
        if (HttpStatus.Match(error) is { Success: true } http) return ($"HTTP {http.Groups[1].Value}", null);
        if (error.StartsWith("timeout", StringComparison.Ordinal)) return ("timeout", null);
        if (error.StartsWith("connection error", StringComparison.Ordinal)) return ("connection error", null);
        if (error.StartsWith("malformed JSON", StringComparison.Ordinal) || error.StartsWith("response is not a chat completion", StringComparison.Ordinal)
            || error.StartsWith("response body could not be decompressed", StringComparison.Ordinal) || error.StartsWith("response text is not valid Unicode", StringComparison.Ordinal))
            return ("response that is not a chat completion", null);
        if (error.StartsWith("completion has no text content", StringComparison.Ordinal)) return ("completion without text", null);
        if (error.Contains("is neither JPEG nor PNG", StringComparison.Ordinal)) return ("image that is neither JPEG nor PNG", null);
        if (error.StartsWith("the answer makes a line of", StringComparison.Ordinal)) return ("answer too long for a prediction line", null);
        return ("other", null);
    }

    /// <summary>The failures grouped by reason, most frequent first (ties by reason), each with its first id and example.</summary>
    public static IReadOnlyList<FailureGroup> Group(IEnumerable<RunFailure> failures) =>
        [.. failures
            .Select(f => (f, c: Classify(f.Error, f.Images)))
            .GroupBy(x => x.c.Reason, StringComparer.Ordinal)
            .Select(g =>
            {
                var first = g.MinBy(x => x.f.Id);
                // The fix for the largest request of the group: a limit raised to fit the first would still refuse it.
                var largest = g.MaxBy(x => x.f.Images);
                return new FailureGroup(g.Key, g.Count(), first.f.Id, first.f.Error, Classify(largest.f.Error, largest.f.Images).Fix);
            })
            .OrderByDescending(g => g.Count).ThenBy(g => g.Reason, StringComparer.Ordinal)];
}
