using System.Globalization;
using Spar.Util;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Frames already exported by ScanNet's SensReader into a folder with <c>color/&lt;i&gt;.jpg</c>,
/// <c>depth/&lt;i&gt;.png</c> (16-bit, depth shift 1000), <c>pose/&lt;i&gt;.txt</c> and
/// <c>intrinsic/{intrinsic,extrinsic}_{color,depth}.txt</c>. Frame numbers are the colour file names, so an export
/// made with a frame skip keeps ScanNet's numbering. Image sizes come from the first colour and depth files.
/// </summary>
public sealed class ExportedFrameSource : IRgbdFrameSource
{
    /// <summary>SensReader exports depth as the raw sensor values, millimetres for ScanNet.</summary>
    const double ExportDepthShift = 1000;

    readonly string _folder;
    readonly long[] _frames; // one long per frame: the only state that grows with the sequence
    int _position = -1;
    float[] _pose = [];
    byte[] _color = [];

    public ExportedFrameSource(string folder)
    {
        _folder = folder;
        var colorDir = Path.Combine(folder, "color");
        if (!Directory.Exists(colorDir)) throw new SparException($"{folder}: no color/ folder (not a SensReader export)");
        var frames = new List<long>();
        foreach (var file in Directory.EnumerateFiles(colorDir, "*.jpg"))
            if (long.TryParse(Path.GetFileNameWithoutExtension(file), NumberStyles.None, CultureInfo.InvariantCulture, out long i)) frames.Add(i);
        if (frames.Count == 0) throw new SparException($"{colorDir}: no numbered .jpg frames");
        frames.Sort();
        _frames = [.. frames];
        var intrinsic = Path.Combine(folder, "intrinsic");
        var (cw, ch) = RgbdImages.SizeOf(ColorPath(_frames[0]));
        var (dw, dh) = RgbdImages.SizeOf(DepthPath(_frames[0]));
        Calibration = new RgbdCalibration(cw, ch, MatrixText.Read(Path.Combine(intrinsic, "intrinsic_color.txt")), OptionalMatrix(intrinsic, "extrinsic_color.txt"),
            dw, dh, MatrixText.Read(Path.Combine(intrinsic, "intrinsic_depth.txt")), OptionalMatrix(intrinsic, "extrinsic_depth.txt"), ExportDepthShift);
    }

    static float[] OptionalMatrix(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        return File.Exists(path) ? MatrixText.Read(path) : [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    }

    string ColorPath(long i) => Path.Combine(_folder, "color", i.ToString(CultureInfo.InvariantCulture) + ".jpg");
    string DepthPath(long i) => Path.Combine(_folder, "depth", i.ToString(CultureInfo.InvariantCulture) + ".png");
    string PosePath(long i) => Path.Combine(_folder, "pose", i.ToString(CultureInfo.InvariantCulture) + ".txt");

    public string Name => _folder;
    public RgbdCalibration Calibration { get; }
    public long FrameCount => _frames.Length;

    public bool MoveNext()
    {
        if (_position + 1 >= _frames.Length) return false;
        _position++;
        var posePath = PosePath(FrameIndex);
        if (!File.Exists(posePath)) throw new SparException($"{posePath}: missing pose for exported frame {FrameIndex}");
        _pose = MatrixText.Read(posePath);
        return true;
    }

    public long FrameIndex => _frames[_position];
    public float[] CameraToWorld => _pose;

    public ReadOnlySpan<byte> ColorJpeg()
    {
        try { _color = File.ReadAllBytes(ColorPath(FrameIndex)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{ColorPath(FrameIndex)}: cannot read: {e.Message}", e); }
        return _color;
    }

    public void DecodeDepth(Span<ushort> raw)
    {
        var path = DepthPath(FrameIndex);
        if (!File.Exists(path)) throw new SparException($"{path}: missing depth for exported frame {FrameIndex}");
        var depth = RgbdImages.ReadDepthPng(path, out int w, out int h);
        if (w != Calibration.DepthWidth || h != Calibration.DepthHeight)
            throw new SparException($"{path}: depth is {w}×{h}, but frame {_frames[0]}'s is {Calibration.DepthWidth}×{Calibration.DepthHeight}");
        depth.CopyTo(raw);
    }

    public void Dispose() { }
}
