namespace Spar.Bench.Scoring;

/// <summary>
/// Mean relative accuracy over the 10 confidence thresholds 0.50…0.95 (bench.md §4.2), with the thresholds built in
/// IEEE double exactly as numpy's <c>linspace(.5, .95, 10)</c> does: boundary cases depend on the last bit.
/// </summary>
public static class Mra
{
    /// <summary><c>1 − θ_j</c>, the error bound for each threshold.</summary>
    public static readonly double[] Tolerances = BuildTolerances();

    static double[] BuildTolerances()
    {
        const double start = 0.5, stop = 0.95, interval = 0.05;
        int n = (int)((stop - start) / interval + 2); // int(10.999999999999998) = 10
        double step = (stop - start) / (n - 1);
        var tolerances = new double[n];
        for (int j = 0; j < n; j++)
        {
            // Multiply, round, then add: no fused multiply-add.
            double scaled = j * step;
            double theta = j == n - 1 ? stop : scaled + start;
            tolerances[j] = 1.0 - theta;
        }
        return tolerances;
    }

    /// <summary>The official error: absolute when the target is 0, otherwise relative to the target.</summary>
    public static double Error(double prediction, double target) =>
        target == 0.0 ? Math.Abs(prediction - target) : Math.Abs((prediction - target) / target);

    /// <summary>The fraction of thresholds met, <c>k / 10.0</c>; a NaN error meets none.</summary>
    public static double Score(double prediction, double target)
    {
        double error = Error(prediction, target);
        int met = 0;
        foreach (var tolerance in Tolerances)
            if (error <= tolerance) met++;
        return met / (double)Tolerances.Length;
    }
}
