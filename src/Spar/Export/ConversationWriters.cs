using System.Text.Json;
using Spar.Util;
using Spar.Dataset;

namespace Spar.Export;

/// <summary>One exported sample: the loader's prompt, the answer, and image paths relative to the export folder.</summary>
public sealed record ExportSample(string DatasetKey, string Id, LoaderPrompt Prompt, string Answer, IReadOnlyList<string> Images)
{
    /// <summary>The record has point/box markers (whether or not they were burned into <see cref="Images"/>).</summary>
    public bool HasMarkers { get; init; }
}

public enum ExportTarget { Llava, ShareGpt, InternVl }

/// <summary>Writes samples in one training framework's file shape, streaming.</summary>
public interface IConversationWriter : IDisposable
{
    void BeginDataset(ExportDataset dataset);
    void Write(ExportSample sample);
    void EndDataset();
    /// <summary>Finishes every file (renames temp files into place). Without it nothing is published.</summary>
    void Complete();
    IReadOnlyList<string> OutputFiles { get; }
}

public static class ConversationWriters
{
    public static ExportTarget Parse(string name) => name.ToLowerInvariant() switch
    {
        "llava" => ExportTarget.Llava,
        "sharegpt" => ExportTarget.ShareGpt,
        "internvl" => ExportTarget.InternVl,
        _ => throw new SparException($"unknown export target '{name}' (llava, sharegpt, internvl)"),
    };

    public static IConversationWriter Create(ExportTarget target, string outDir) => target switch
    {
        ExportTarget.Llava => new JsonArrayWriter(outDir, "llava.json", WriteLlava),
        ExportTarget.ShareGpt => new JsonArrayWriter(outDir, "sharegpt.json", WriteShareGpt, WriteLlamaFactoryInfo),
        ExportTarget.InternVl => new InternVlWriter(outDir),
        _ => throw new ArgumentOutOfRangeException(nameof(target)),
    };

    /// <summary>LLaVA: <c>{"id", "image": path | [paths], "conversations": [{"from": "human"…}, {"from": "gpt"…}]}</c>.</summary>
    internal static void WriteLlava(Utf8JsonWriter w, ExportSample s)
    {
        w.WriteStartObject();
        w.WriteString("id", s.Id);
        WriteImageField(w, s);
        WriteHumanGpt(w, s);
        w.WriteEndObject();
    }

    /// <summary>LLaMA-Factory's multimodal ShareGPT: <c>{"messages": [{"role": "user"…}, {"role": "assistant"…}], "images": [...]}</c>.</summary>
    static void WriteShareGpt(Utf8JsonWriter w, ExportSample s)
    {
        w.WriteStartObject();
        w.WriteStartArray("messages");
        w.WriteStartObject(); w.WriteString("role", "user"); w.WriteString("content", s.Prompt.Question); w.WriteEndObject();
        w.WriteStartObject(); w.WriteString("role", "assistant"); w.WriteString("content", s.Answer); w.WriteEndObject();
        w.WriteEndArray();
        w.WriteStartArray("images");
        foreach (var i in s.Images) w.WriteStringValue(i);
        w.WriteEndArray();
        w.WriteString("id", s.Id);
        w.WriteEndObject();
    }

    static void WriteLlamaFactoryInfo(string outDir)
    {
        AtomicFile.Write(Path.Combine(outDir, "dataset_info.json"), stream =>
        {
            using var w = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true });
            w.WriteStartObject();
            w.WriteStartObject("spar");
            w.WriteString("file_name", "sharegpt.json");
            w.WriteString("formatting", "sharegpt");
            w.WriteStartObject("columns"); w.WriteString("messages", "messages"); w.WriteString("images", "images"); w.WriteEndObject();
            w.WriteStartObject("tags");
            w.WriteString("role_tag", "role"); w.WriteString("content_tag", "content");
            w.WriteString("user_tag", "user"); w.WriteString("assistant_tag", "assistant");
            w.WriteEndObject();
            w.WriteEndObject();
            w.WriteEndObject();
        });
    }

    /// <summary>One image as a string, several as a list (LLaVA and InternVL both read either).</summary>
    internal static void WriteImageField(Utf8JsonWriter w, ExportSample s)
    {
        if (s.Images.Count == 1) { w.WriteString("image", s.Images[0]); return; }
        w.WriteStartArray("image");
        foreach (var i in s.Images) w.WriteStringValue(i);
        w.WriteEndArray();
    }

    internal static void WriteHumanGpt(Utf8JsonWriter w, ExportSample s)
    {
        w.WriteStartArray("conversations");
        w.WriteStartObject(); w.WriteString("from", "human"); w.WriteString("value", s.Prompt.Question); w.WriteEndObject();
        w.WriteStartObject(); w.WriteString("from", "gpt"); w.WriteString("value", s.Answer); w.WriteEndObject();
        w.WriteEndArray();
    }

    internal static readonly JsonWriterOptions Compact = new()
    {
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        SkipValidation = false,
    };
}
