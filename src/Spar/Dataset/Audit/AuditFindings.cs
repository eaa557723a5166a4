using System.Globalization;

namespace Spar.Dataset.Audit;

/// <summary>The flags and headline figures every output format states the same way (one owner for their rules).</summary>
public static class AuditFindings
{
    static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Percent(double share) => double.IsFinite(share) ? (100 * share).ToString("0.0", Inv) + " %" : "–";

    public static string Percent(double? share) => share is double s ? Percent(s) : "–";

    /// <summary>The share above which one answer value is a prior: the settings' limit, or 1.1/values when a stream has so few
    /// values that even a balanced stream would pass it (two values: 55 %).</summary>
    public static double PriorLimit(StreamReport s, AuditSettings settings) =>
        s.Answers.Distinct is int d and > 0 ? Math.Max(settings.MaxAnswerShare, 1.1 / d) : settings.MaxAnswerShare;

    /// <summary>Select: the letter limit, 40 % or 1.1 × chance when questions have fewer options (2 options: 55 %).</summary>
    public static double LetterLimit(StreamReport s, AuditSettings settings) => Math.Max(settings.MaxAnswerShare, 1.1 * (s.Letters?.Chance ?? 0));

    /// <summary>One answer value over its limit, or (select) one letter over its limit.</summary>
    public static bool HasPrior(StreamReport s, AuditSettings settings) =>
        s.Records > 0 && (s.Answers.MajorityShare > PriorLimit(s, settings) || s.TopLetterShare > LetterLimit(s, settings));

    /// <summary>Points by which the stronger blind baseline beats chance (select and judge only).</summary>
    public static double? PointsOverChance(StreamReport s) =>
        s.Baselines is { Chance: double c } b ? 100 * (b.Best - c) : null;

    public static bool IsBlindAnswerable(StreamReport s, AuditSettings settings) => PointsOverChance(s) > settings.MaxPointsOverChance;

    public static IReadOnlyList<string> Flags(StreamReport s, AuditSettings settings)
    {
        var flags = new List<string>();
        if (HasPrior(s, settings)) flags.Add("prior");
        if (IsBlindAnswerable(s, settings)) flags.Add("blind");
        if (s.Duplicates.Records > 0) flags.Add("duplicates");
        if (s.Visibility is { Measured: > 0 } v && v.BelowLow > 0) flags.Add("low-visibility");
        if (s.Near is { DecisionsNear: > 0 }) flags.Add("near-threshold");
        return flags;
    }

    /// <summary>Answer balance: select letters or judge Yes/No as shares of the stream.</summary>
    public static string Balance(StreamReport s)
    {
        if (s.Letters == null) return "";
        long total = s.Letters.Counts.Values.Sum();
        return string.Join(" · ", s.Letters.Counts.Select(kv => $"{kv.Key} {(total == 0 ? 0 : 100.0 * kv.Value / total).ToString("0", Inv)}"));
    }

    public static string Count(double n) => n.ToString(n == Math.Floor(n) ? "N0" : "N1", Inv);

    /// <summary>The headline lines: largest prior, streams over the limit, blind baselines against chance, duplicates, scenes.</summary>
    public static IReadOnlyList<string> Headline(AuditReport r)
    {
        var lines = new List<string>();
        var streams = r.Streams.Where(s => s.Records > 0).ToList();
        if (streams.Count == 0) return ["no records"];
        var top = streams.OrderByDescending(s => s.Answers.MajorityShare).ThenBy(s => s.Name, StringComparer.Ordinal).First();
        lines.Add($"largest answer-value share: {Percent(top.Answers.MajorityShare)} ({top.Name}: \"{Short(top.Answers.MajorityValue)}\")");
        var letter = streams.Where(s => s.TopLetterShare != null).OrderByDescending(s => s.TopLetterShare).ThenBy(s => s.Name, StringComparer.Ordinal).FirstOrDefault();
        if (letter != null) lines.Add($"largest select-letter share: {Percent(letter.TopLetterShare)} ({letter.Name})");
        var priors = streams.Where(s => HasPrior(s, r.Settings)).ToList();
        lines.Add($"streams with one answer value (or select letter) over {Percent(r.Settings.MaxAnswerShare)} (1.1/values when fewer): {priors.Count} of {streams.Count}" +
                  (priors.Count > 0 ? ": " + string.Join(", ", priors.Take(12).Select(s => $"{s.Name} {Percent(s.PriorShare)}")) + (priors.Count > 12 ? $", … ({priors.Count - 12} more in the table)" : "") : ""));
        var blind = streams.Where(s => s.Baselines?.Chance != null).ToList();
        if (blind.Count > 0)
        {
            var over = blind.Where(s => IsBlindAnswerable(s, r.Settings)).ToList();
            lines.Add($"select/judge streams a text-only baseline answers more than {r.Settings.MaxPointsOverChance:0} points above chance: {over.Count} of {blind.Count}" +
                      (over.Count > 0 ? ": " + string.Join(", ", over.Take(12).Select(s => $"{s.Name} {Percent(s.Baselines!.Best)} vs {Percent(s.Baselines.Chance)}")) +
                       (over.Count > 12 ? $", … ({over.Count - 12} more in the table)" : "") : ""));
        }
        double dups = streams.Sum(s => s.Duplicates.Records);
        lines.Add($"duplicate questions on the same images: {Count(dups)} records in {streams.Count(s => s.Duplicates.Records > 0)} streams" +
                  (streams.Any(s => !s.Duplicates.Exact) ? " (estimated from a hash sample in large streams)" : ""));
        if (r.Scenes is { } sc)
        {
            lines.Add($"marked objects measured: {sc.Measured:N0} of {sc.Marked:N0}; below {Percent(r.Settings.LowVisibility)} of the whole silhouette: " +
                      $"{Percent(Share(sc.BelowLow, sc.Measured))}, below {Percent(r.Settings.VeryLowVisibility)}: {Percent(Share(sc.BelowVeryLow, sc.Measured))} " +
                      $"(mask ÷ box silhouette alone, without the thin-object rule: {Percent(Share(sc.SilhouetteBelowLow, sc.Measured))} below {Percent(r.Settings.LowVisibility)})");
            lines.Add($"near-threshold decisions (within {r.Settings.OffsetBandMeters:0.00} m / {r.Settings.BearingBandDegrees:0}° of {r.Settings.OffsetCutMeters:0.00} m / " +
                      $"{r.Settings.BearingCutDegrees:0}°): {Percent(Share(sc.DecisionsNear, sc.Decisions))} of {sc.Decisions:N0} decisions, " +
                      $"{Percent(Share(sc.NearRecordsNear, sc.NearRecords))} of {sc.NearRecords:N0} records");
        }
        return lines;
    }

    public static double Share(long n, long d) => d == 0 ? 0 : n / (double)d;

    public static string Short(string? s, int max = 60) => s == null ? "" : s.Length <= max ? s : s[..(max - 1)] + "…";
}
