using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Spar.Bench.Run;

/// <summary>The outcome of one HTTP attempt: the model's text, or an error and whether retrying can help.</summary>
public sealed record AttemptOutcome(string? Content, string? Error, bool Retryable, TimeSpan? RetryAfter)
{
    public bool Ok => Error is null;
    public static AttemptOutcome Success(string content) => new(content, null, false, null);
    public static AttemptOutcome Transient(string error, TimeSpan? retryAfter = null) => new(null, error, true, retryAfter);
    public static AttemptOutcome Permanent(string error) => new(null, error, false, null);
}

/// <summary>
/// Sends one chat-completions request and classifies what came back. Transient: 408, 429, 5xx, timeouts, connection
/// errors, a body that cannot be decompressed (bad gzip from a proxy), a 2xx body that is not a chat completion or whose
/// text is not valid Unicode (a lone surrogate, a byte that is not UTF-8: a server or transport fault, as likely to pass
/// on a retry as a torn body). Permanent: other 4xx (bad key, context too long), and a completion without text (e.g.
/// filtered), which would fail the same way again.
/// </summary>
public static class ChatAttempt
{
    const int ErrorSnippetChars = 300;

    public static async Task<AttemptOutcome> SendAsync(HttpClient http, Uri url, ReadOnlyMemory<byte> body, string? apiKey,
        TimeSpan timeout, CancellationToken runCancelled)
    {
        using var attempt = CancellationTokenSource.CreateLinkedTokenSource(runCancelled);
        attempt.CancelAfter(timeout);
        try
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = new ReadOnlyMemoryContent(body) };
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            if (apiKey is not null) request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", apiKey);
            using var response = await http.SendAsync(request, HttpCompletionOption.ResponseContentRead, attempt.Token).ConfigureAwait(false);
            var bytes = await response.Content.ReadAsByteArrayAsync(attempt.Token).ConfigureAwait(false);
            int code = (int)response.StatusCode;
            if (code is >= 200 and < 300) return ParseCompletion(bytes);
            var error = $"HTTP {code} {response.ReasonPhrase}: {ServerMessage(bytes) ?? Snippet(bytes)}".TrimEnd(' ', ':');
            if (code is 408 or 429 or >= 500) return AttemptOutcome.Transient(error, RetryAfter(response));
            return AttemptOutcome.Permanent(error);
        }
        catch (OperationCanceledException) when (!runCancelled.IsCancellationRequested)
        {
            return AttemptOutcome.Transient($"timeout after {timeout.TotalSeconds:0.###} s");
        }
        catch (HttpRequestException e)
        {
            return AttemptOutcome.Transient("connection error: " + Describe(e));
        }
        catch (IOException e)
        {
            return AttemptOutcome.Transient("connection error: " + Describe(e));
        }
        catch (InvalidDataException e)
        {
            // AutomaticDecompression reads the body through GZipStream/BrotliStream, which throw this on a corrupt stream.
            return AttemptOutcome.Transient("response body could not be decompressed (Content-Encoding gzip, deflate or br): " + e.Message);
        }
    }

    /// <summary>Reads <c>choices[0].message.content</c> (a string, or a list of text parts as some servers send).</summary>
    public static AttemptOutcome ParseCompletion(ReadOnlySpan<byte> json)
    {
        try
        {
            var reader = new Utf8JsonReader(json);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("choices", out var choices)
                && choices.ValueKind == JsonValueKind.Array && choices.GetArrayLength() > 0
                && choices[0].ValueKind == JsonValueKind.Object
                && choices[0].TryGetProperty("message", out var message) && message.ValueKind == JsonValueKind.Object)
            {
                var content = message.TryGetProperty("content", out var c) ? c : default;
                if (content.ValueKind == JsonValueKind.String) return AttemptOutcome.Success(content.GetString()!);
                if (content.ValueKind == JsonValueKind.Array) return AttemptOutcome.Success(JoinTextParts(content));
                var finish = choices[0].TryGetProperty("finish_reason", out var f) ? f.ToString() : "?";
                return AttemptOutcome.Permanent($"completion has no text content (finish_reason {finish})");
            }
            return AttemptOutcome.Transient("response is not a chat completion: " + Snippet(json));
        }
        catch (JsonException)
        {
            return AttemptOutcome.Transient("malformed JSON in response: " + Snippet(json));
        }
        catch (InvalidOperationException e)
        {
            // GetString on a string that is valid JSON but not valid text: "\ud800" alone, or bytes that are not UTF-8.
            return AttemptOutcome.Transient($"response text is not valid Unicode ({e.Message}): " + Snippet(json));
        }
    }

    static string JoinTextParts(JsonElement parts)
    {
        var sb = new StringBuilder();
        foreach (var part in parts.EnumerateArray())
            if (part.ValueKind == JsonValueKind.Object && part.TryGetProperty("text", out var t) && t.ValueKind == JsonValueKind.String)
                sb.Append(t.GetString());
        return sb.ToString();
    }

    /// <summary>
    /// The message of an error body as the common servers write it: OpenAI and TGI's Messages API
    /// <c>{"error":{"message":…}}</c>, vLLM / SGLang / LMDeploy <c>{"object":"error","message":…}</c>, TGI and Ollama
    /// <c>{"error":"…"}</c>, FastAPI <c>{"detail":"…"}</c>. Null when the body is none of these (then a snippet is kept).
    /// </summary>
    public static string? ServerMessage(ReadOnlySpan<byte> body)
    {
        try
        {
            var reader = new Utf8JsonReader(body);
            using var doc = JsonDocument.ParseValue(ref reader);
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return null;
            string? text = null;
            if (root.TryGetProperty("error", out var e))
            {
                if (e.ValueKind == JsonValueKind.String) text = e.GetString();
                else if (e.ValueKind == JsonValueKind.Object && e.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String) text = m.GetString();
            }
            if (text is null && root.TryGetProperty("message", out var msg) && msg.ValueKind == JsonValueKind.String) text = msg.GetString();
            if (text is null && root.TryGetProperty("detail", out var d) && d.ValueKind == JsonValueKind.String) text = d.GetString();
            if (string.IsNullOrWhiteSpace(text)) return null;
            text = text.ReplaceLineEndings(" ").Trim();
            return text.Length > ErrorSnippetChars * 2 ? text[..(ErrorSnippetChars * 2)] + "…" : text;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return null;
        }
    }

    static TimeSpan? RetryAfter(HttpResponseMessage response)
    {
        var header = response.Headers.RetryAfter;
        if (header?.Delta is { } delta) return delta;
        if (header?.Date is { } date) return date - DateTimeOffset.UtcNow is var d && d > TimeSpan.Zero ? d : TimeSpan.Zero;
        return null;
    }

    static string Snippet(ReadOnlySpan<byte> bytes)
    {
        var text = Encoding.UTF8.GetString(bytes.Length > ErrorSnippetChars * 4 ? bytes[..(ErrorSnippetChars * 4)] : bytes);
        text = text.ReplaceLineEndings(" ").Trim();
        return text.Length > ErrorSnippetChars ? text[..ErrorSnippetChars] + "…" : text;
    }

    static string Describe(Exception e) =>
        e.InnerException is { } inner && inner.Message != e.Message ? $"{e.Message} ({inner.Message})" : e.Message;
}
