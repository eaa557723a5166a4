namespace Spar.Imaging;

/// <summary>
/// Exact-size pixel buffers handed back by disposed <see cref="RgbaImage"/>s and reused by the next decode. A drawing
/// run decodes millions of same-sized photos; a fresh 5 MB large-object-heap array per photo made the GC stop both
/// cores often enough to cost a quarter of the throughput (bench/README.md, drawing). Idle buffers are bounded in
/// number and bytes, and the oldest makes room when image sizes change, so memory does not grow with the dataset.
/// </summary>
static class PixelBufferPool
{
    static readonly int MaxIdle = Math.Max(4, 2 * Environment.ProcessorCount);
    const long MaxIdleBytes = 256L << 20;
    static readonly List<byte[]> Idle = [];
    static long _idleBytes;

    /// <summary>An array of exactly <paramref name="length"/> bytes with arbitrary contents.</summary>
    public static byte[] Rent(int length)
    {
        lock (Idle)
        {
            for (int i = Idle.Count - 1; i >= 0; i--)
            {
                if (Idle[i].Length != length) continue;
                var buffer = Idle[i];
                Idle.RemoveAt(i);
                _idleBytes -= length;
                return buffer;
            }
        }
        return GC.AllocateUninitializedArray<byte>(length);
    }

    public static void Return(byte[] buffer)
    {
        if (buffer.Length > MaxIdleBytes) return;
        lock (Idle)
        {
            while (Idle.Count > 0 && (Idle.Count >= MaxIdle || _idleBytes + buffer.Length > MaxIdleBytes))
            {
                _idleBytes -= Idle[0].Length;
                Idle.RemoveAt(0);
            }
            Idle.Add(buffer);
            _idleBytes += buffer.Length;
        }
    }
}
