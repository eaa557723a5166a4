using System.Globalization;

namespace Spar.Bench.Report;

/// <summary>
/// The one rounding of every percentage spar shows — report tables, CSV, JSON, the demo's summary — so the same
/// value reads the same everywhere and no output carries a binary tail (28.000000000000004). Two decimals, halves away
/// from zero, on the value's 15-significant-digit decimal form (what <c>(decimal)double</c> keeps), so 28.000000000000004
/// is 28.00 and a value printed as 33.125 rounds to 33.13 however its last binary digit falls.
/// </summary>
public static class ReportNumbers
{
    public const int Decimals = 2;

    /// <summary>The rounded value, or null for NaN and infinities (a level with no task present).</summary>
    public static decimal? Round(double percent) =>
        double.IsFinite(percent) ? Math.Round((decimal)percent, Decimals, MidpointRounding.AwayFromZero) : null;

    /// <summary>"28.00"; <paramref name="missing"/> for a value that has none.</summary>
    public static string Format(double percent, string missing = "–") =>
        Round(percent) is decimal d ? d.ToString("0.00", CultureInfo.InvariantCulture) : missing;
}
