using System.Collections.Concurrent;

namespace Spar.Dataset.Audit;

/// <summary>
/// An instance mask kept run-length encoded (a few kilobytes per frame instead of two bytes a pixel), with the pixel
/// count of every instance and a memo of each instance's measured visibility (the same object in the same frame is
/// marked by many records).
/// </summary>
public sealed class FrameMask
{
    readonly int[] _rowStart;   // index of each row's first run; _rowStart[Height] = run count
    readonly int[] _runX;
    readonly ushort[] _runId;
    readonly Dictionary<int, long> _pixels = [];
    readonly Dictionary<int, (int X0, int Y0, int X1, int Y1)> _bounds = [];
    readonly ConcurrentDictionary<int, VisibilityShare> _shares = new();

    public int Width { get; }
    public int Height { get; }

    /// <summary>Encodes <c>values[0 .. width·height)</c> (the array may be longer, as a pooled one is).</summary>
    public FrameMask(int width, int height, ushort[] values)
    {
        Width = width;
        Height = height;
        _rowStart = new int[height + 1];
        var xs = new List<int>();
        var ids = new List<ushort>();
        for (int y = 0; y < height; y++)
        {
            _rowStart[y] = xs.Count;
            int row = y * width;
            for (int x = 0; x < width; x++)
            {
                ushort id = values[row + x];
                if (x == 0 || id != values[row + x - 1]) { xs.Add(x); ids.Add(id); }
                if (id == 0) continue;
                _pixels[id] = _pixels.GetValueOrDefault(id) + 1;
                _bounds[id] = _bounds.TryGetValue(id, out var b)
                    ? (Math.Min(b.X0, x), Math.Min(b.Y0, y), Math.Max(b.X1, x), Math.Max(b.Y1, y))
                    : (x, y, x, y);
            }
        }
        _rowStart[height] = xs.Count;
        _runX = xs.ToArray();
        _runId = ids.ToArray();
    }

    public long PixelsOf(int id) => _pixels.GetValueOrDefault(id);

    /// <summary>The inclusive pixel bounds of the instance's mask pixels (what a box marker is drawn around), or null.</summary>
    public (int X0, int Y0, int X1, int Y1)? BoundsOf(int id) => _bounds.TryGetValue(id, out var b) ? b : null;

    public int At(int x, int y)
    {
        int lo = _rowStart[y], hi = _rowStart[y + 1] - 1;
        // The last run starting at or before x.
        while (lo < hi)
        {
            int mid = (lo + hi + 1) >> 1;
            if (_runX[mid] <= x) lo = mid; else hi = mid - 1;
        }
        return _runId[lo];
    }

    /// <summary>The instance's visibility, measured once per frame.</summary>
    public VisibilityShare Share(int id, Func<VisibilityShare> measure) => _shares.GetOrAdd(id, _ => measure());
}
