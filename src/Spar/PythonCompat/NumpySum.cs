namespace Spar.PythonCompat;

/// <summary>
/// numpy's pairwise summation of float64 (bench.md §4.4), so that means match numpy and pandas to the last bit:
/// under 8 values a plain loop from 0.0; up to 128 eight interleaved partial sums; above that, split and recurse.
/// </summary>
public static class NumpySum
{
    const int BlockSize = 128;

    public static double Sum(ReadOnlySpan<double> a)
    {
        int n = a.Length;
        if (n < 8)
        {
            double res = 0.0;
            for (int i = 0; i < n; i++) res += a[i];
            return res;
        }
        if (n <= BlockSize)
        {
            double r0 = a[0], r1 = a[1], r2 = a[2], r3 = a[3], r4 = a[4], r5 = a[5], r6 = a[6], r7 = a[7];
            int i;
            for (i = 8; i < n - n % 8; i += 8)
            {
                r0 += a[i]; r1 += a[i + 1]; r2 += a[i + 2]; r3 += a[i + 3];
                r4 += a[i + 4]; r5 += a[i + 5]; r6 += a[i + 6]; r7 += a[i + 7];
            }
            double res = ((r0 + r1) + (r2 + r3)) + ((r4 + r5) + (r6 + r7));
            for (; i < n; i++) res += a[i];
            return res;
        }
        int m = n / 2;
        m -= m % 8;
        return Sum(a[..m]) + Sum(a[m..]);
    }

    /// <summary><c>np.mean</c> / pandas' <c>Series.mean</c>: the pairwise sum (added to the identity 0.0) over the count;
    /// NaN for no values.</summary>
    public static double Mean(ReadOnlySpan<double> a) => a.Length == 0 ? double.NaN : (0.0 + Sum(a)) / a.Length;
}
