using System.Globalization;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Frames already exported by ScanNet's SensReader into a folder with <c>color/&lt;i&gt;.jpg</c>,
/// <c>depth/&lt;i&gt;.png</c> (16-bit, depth shift 1000), <c>pose/&lt;i&gt;.txt</c> and
/// <c>intrinsic/{intrinsic,extrinsic}_{color,depth}.txt</c>. Frame numbers are the colour file names, so an export
/// made with a frame skip keeps ScanNet's numbering; zero-padded names (<c>000120.jpg</c>) are read as their number and
/// their depth and pose files looked up under the same name. Image sizes come from the first colour and depth files.
/// </summary>
public sealed class ExportedFrameSource : IRgbdFrameSource
{
    /// <summary>SensReader exports depth as the raw sensor values, millimetres for ScanNet.</summary>
    const double ExportDepthShift = 1000;

    readonly string _folder;
    readonly (long Index, string Stem)[] _frames; // one entry per frame: the only state that grows with the sequence
    int _position = -1;
    float[] _pose = [];
    byte[] _color = [];

    public ExportedFrameSource(string folder)
    {
        _folder = folder;
        var colorDir = Path.Combine(folder, "color");
        if (!Directory.Exists(colorDir)) throw new SparException($"{folder}: no color/ folder (not a SensReader export)");
        var frames = new List<(long, string)>();
        foreach (var file in Directory.EnumerateFiles(colorDir, "*.jpg"))
        {
            var stem = Path.GetFileNameWithoutExtension(file);
            if (long.TryParse(stem, NumberStyles.None, CultureInfo.InvariantCulture, out long i)) frames.Add((i, stem));
        }
        if (frames.Count == 0) throw new SparException($"{colorDir}: no numbered .jpg frames");
        frames.Sort();
        for (int k = 1; k < frames.Count; k++)
            if (frames[k].Item1 == frames[k - 1].Item1)
                throw new SparException($"{colorDir}: '{frames[k - 1].Item2}.jpg' and '{frames[k].Item2}.jpg' are both frame {frames[k].Item1}");
        _frames = [.. frames];
        var intrinsic = Path.Combine(folder, "intrinsic");
        var (cw, ch) = ImageCodec.SizeOf(ColorPath(0));
        var (dw, dh) = ImageCodec.SizeOf(DepthPath(0));
        Calibration = new RgbdCalibration(cw, ch, ReadFloats(Path.Combine(intrinsic, "intrinsic_color.txt")), OptionalMatrix(intrinsic, "extrinsic_color.txt"),
            dw, dh, ReadFloats(Path.Combine(intrinsic, "intrinsic_depth.txt")), OptionalMatrix(intrinsic, "extrinsic_depth.txt"), ExportDepthShift);
    }

    static float[] OptionalMatrix(string dir, string file)
    {
        var path = Path.Combine(dir, file);
        return File.Exists(path) ? ReadFloats(path) : [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
    }

    /// <summary>A SensReader matrix file (numpy <c>%f</c> text, <c>-inf</c> for lost tracking) as float32, the precision of the stream it came from.</summary>
    static float[] ReadFloats(string path) => [.. MatrixFile.Read(path).ToRowMajor().Select(v => (float)v)];

    string ColorPath(int position) => Path.Combine(_folder, "color", _frames[position].Stem + ".jpg");
    string DepthPath(int position) => Path.Combine(_folder, "depth", _frames[position].Stem + ".png");
    string PosePath(int position) => Path.Combine(_folder, "pose", _frames[position].Stem + ".txt");

    public string Name => _folder;
    public RgbdCalibration Calibration { get; }
    public long FrameCount => _frames.Length;

    public bool MoveNext()
    {
        if (_position + 1 >= _frames.Length) return false;
        _position++;
        var posePath = PosePath(_position);
        if (!File.Exists(posePath)) throw new SparException($"{posePath}: missing pose for exported frame {FrameIndex}");
        _pose = ReadFloats(posePath);
        return true;
    }

    public long FrameIndex => _frames[_position].Index;
    public float[] CameraToWorld => _pose;
    public string ColorLocation => ColorPath(_position);
    public string ColorSizeSource => $"{_frames[0].Stem}.jpg is";

    public ReadOnlySpan<byte> ColorJpeg()
    {
        try { _color = File.ReadAllBytes(ColorPath(_position)); }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        { throw new SparException($"{ColorPath(_position)}: cannot read: {e.Message}", e); }
        return _color;
    }

    public void DecodeDepth(Span<ushort> raw)
    {
        var path = DepthPath(_position);
        if (!File.Exists(path)) throw new SparException($"{path}: missing depth for exported frame {FrameIndex}");
        var depth = Png16.ReadDepth(path, out int w, out int h);
        if (w != Calibration.DepthWidth || h != Calibration.DepthHeight)
            throw new SparException($"{path}: depth is {w}×{h}, but frame {_frames[0].Index}'s is {Calibration.DepthWidth}×{Calibration.DepthHeight}");
        depth.CopyTo(raw);
    }

    public void Dispose() { }
}
