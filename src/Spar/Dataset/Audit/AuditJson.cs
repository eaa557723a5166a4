using System.Text;
using System.Text.Json;

namespace Spar.Dataset.Audit;

/// <summary>The whole audit as one JSON object (shares in [0, 1]; null where a figure does not apply).</summary>
public static class AuditJson
{
    public static string Serialize(AuditReport r)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = SparJson.Options.Encoder }))
        {
            w.WriteStartObject();
            w.WriteString("root", r.Root);
            w.WriteNumber("files", r.Files);
            w.WriteNumber("records", r.Records);
            w.WriteNumber("unparseable_lines", r.UnparseableLines);
            WriteSettings(w, r.Settings);
            w.WriteStartArray("headline");
            foreach (var l in AuditFindings.Headline(r)) w.WriteStringValue(l);
            w.WriteEndArray();
            w.WriteStartArray("streams");
            foreach (var s in r.Streams) WriteStream(w, s, r.Settings);
            w.WriteEndArray();
            if (r.Scenes is { } sc)
            {
                w.WriteStartObject("scenes");
                w.WriteNumber("scenes", sc.Scenes);
                w.WriteNumber("marked_objects", sc.Marked);
                w.WriteNumber("measured", sc.Measured);
                w.WriteNumber("below_low", sc.BelowLow);
                w.WriteNumber("below_very_low", sc.BelowVeryLow);
                w.WriteNumber("silhouette_only_below_low", sc.SilhouetteBelowLow);
                w.WriteNumber("relation_records", sc.NearRecords);
                w.WriteNumber("relation_records_near", sc.NearRecordsNear);
                w.WriteNumber("decisions", sc.Decisions);
                w.WriteNumber("decisions_near", sc.DecisionsNear);
                w.WriteNumber("failures", sc.Failures);
                Strings(w, "failure_messages", sc.FailureMessages);
                w.WriteEndObject();
            }
            else w.WriteNull("scenes");
            Strings(w, "problems", r.Problems);
            w.WriteEndObject();
        }
        return Encoding.UTF8.GetString(buffer.ToArray()) + "\n";
    }

    static void WriteSettings(Utf8JsonWriter w, AuditSettings s)
    {
        w.WriteStartObject("settings");
        w.WriteNumber("folds", BlindRecord.Folds);
        w.WriteNumber("knn_sample", s.KnnSample);
        w.WriteNumber("knn_neighbours", KnnBaseline.Neighbours);
        w.WriteNumber("answer_counters", s.AnswerCounters);
        w.WriteNumber("duplicate_keys", s.DuplicateKeys);
        w.WriteNumber("offset_cut_m", s.OffsetCutMeters);
        w.WriteNumber("offset_band_m", s.OffsetBandMeters);
        w.WriteNumber("bearing_cut_deg", s.BearingCutDegrees);
        w.WriteNumber("bearing_band_deg", s.BearingBandDegrees);
        w.WriteNumber("low_visibility", s.LowVisibility);
        w.WriteNumber("very_low_visibility", s.VeryLowVisibility);
        w.WriteNumber("max_answer_share", s.MaxAnswerShare);
        w.WriteNumber("max_points_over_chance", s.MaxPointsOverChance);
        w.WriteEndObject();
    }

    static void Number(Utf8JsonWriter w, string name, double? v)
    {
        if (v is double d && double.IsFinite(d)) w.WriteNumber(name, d);
        else w.WriteNull(name);
    }

    static void Strings(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values) w.WriteStringValue(v);
        w.WriteEndArray();
    }

    static void Counts<TKey>(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<TKey, long>> counts) where TKey : notnull
    {
        w.WriteStartObject(name);
        foreach (var (k, v) in counts) w.WriteNumber(k.ToString()!, v);
        w.WriteEndObject();
    }

    static void WriteStream(Utf8JsonWriter w, StreamReport s, AuditSettings settings)
    {
        w.WriteStartObject();
        w.WriteString("task", s.Task);
        w.WriteString("type", s.Type);
        w.WriteString("format", s.Format);
        w.WriteNumber("files", s.Files);
        w.WriteNumber("records", s.Records);
        Strings(w, "flags", AuditFindings.Flags(s, settings));
        w.WriteStartObject("answers");
        Number(w, "majority_share", s.Answers.MajorityShare);
        if (s.Answers.MajorityValue is { } mv) w.WriteString("majority_value", mv); else w.WriteNull("majority_value");
        if (s.Answers.Distinct is int d) w.WriteNumber("distinct", d); else w.WriteNull("distinct");
        w.WriteNumber("max_undercount", s.Answers.MaxUndercount);
        w.WriteStartArray("top");
        foreach (var (value, count) in s.Answers.Top)
        {
            w.WriteStartObject();
            w.WriteString("value", value);
            w.WriteNumber("count", count);
            w.WriteEndObject();
        }
        w.WriteEndArray();
        w.WriteEndObject();
        if (s.Letters is { } l)
        {
            w.WriteStartObject("balance");
            Counts(w, "answers", l.Counts);
            Counts(w, "options_per_question", l.OptionCounts);
            w.WriteNumber("chance", l.Chance);
            w.WriteEndObject();
        }
        else w.WriteNull("balance");
        if (s.Baselines is { } b)
        {
            w.WriteStartObject("blind_baselines");
            w.WriteNumber("folds", b.Folds);
            Number(w, "chance", b.Chance);
            Number(w, "letter_majority", b.LetterMajority);
            w.WriteNumber("template_majority", b.TemplateMajority);
            w.WriteNumber("template_evaluated", b.TemplateEvaluated);
            w.WriteNumber("templates", b.Templates);
            w.WriteBoolean("templates_overflowed", b.TemplatesOverflowed);
            Number(w, "knn", b.Knn);
            w.WriteNumber("knn_evaluated", b.KnnEvaluated);
            w.WriteEndObject();
        }
        else w.WriteNull("blind_baselines");
        w.WriteStartObject("duplicates");
        w.WriteNumber("records", s.Duplicates.Records);
        w.WriteNumber("groups", s.Duplicates.Groups);
        w.WriteNumber("conflicting_groups", s.Duplicates.Conflicting);
        w.WriteBoolean("exact", s.Duplicates.Exact);
        Strings(w, "examples", s.Duplicates.Examples);
        w.WriteEndObject();
        if (s.Visibility is { } v)
        {
            w.WriteStartObject("visibility");
            w.WriteNumber("marked", v.Marked);
            w.WriteNumber("measured", v.Measured);
            w.WriteNumber("below_low", v.BelowLow);
            w.WriteNumber("below_very_low", v.BelowVeryLow);
            w.WriteNumber("silhouette_only_below_low", v.SilhouetteBelowLow);
            w.WriteStartArray("histogram_5pct");
            foreach (var n in v.Histogram) w.WriteNumberValue(n);
            w.WriteEndArray();
            Counts(w, "unresolved", v.Unresolved);
            Strings(w, "least_visible", v.Worst);
            w.WriteEndObject();
        }
        else w.WriteNull("visibility");
        if (s.Near is { } n2)
        {
            w.WriteStartObject("near_threshold");
            w.WriteNumber("records", n2.Records);
            w.WriteNumber("records_near", n2.RecordsNear);
            w.WriteNumber("decisions", n2.Decisions);
            w.WriteNumber("decisions_near", n2.DecisionsNear);
            Counts(w, "unresolved", n2.Unresolved);
            Strings(w, "closest", n2.Examples);
            w.WriteEndObject();
        }
        else w.WriteNull("near_threshold");
        w.WriteEndObject();
    }
}
