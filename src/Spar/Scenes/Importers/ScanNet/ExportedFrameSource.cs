using System.Globalization;
using Spar.Util;
using Spar.Imaging;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Where the files of an exported frame sequence are: the folders of colour <c>.jpg</c>, depth <c>.png</c> and pose
/// <c>.txt</c> files (one file per frame, named by its frame number) and the calibration files.
/// </summary>
public sealed record ExportLayout(string Name, string ColorDir, string DepthDir, string PoseDir,
    string ColorIntrinsic, string DepthIntrinsic, string? ColorExtrinsic, string? DepthExtrinsic, string Kind)
{
    /// <summary>
    /// ScanNet's SensReader export: <c>color/ depth/ pose/</c> and <c>intrinsic/{intrinsic,extrinsic}_{color,depth}.txt</c>
    /// (extrinsics optional, identity when absent).
    /// </summary>
    public static ExportLayout SensReader(string folder)
    {
        var intrinsic = Path.Combine(folder, "intrinsic");
        return new(folder, Path.Combine(folder, "color"), Path.Combine(folder, "depth"), Path.Combine(folder, "pose"),
            Path.Combine(intrinsic, "intrinsic_color.txt"), Path.Combine(intrinsic, "intrinsic_depth.txt"),
            Path.Combine(intrinsic, "extrinsic_color.txt"), Path.Combine(intrinsic, "extrinsic_depth.txt"), "a SensReader export");
    }

    /// <summary>
    /// The <c>posed_images/&lt;scene&gt;/</c> layout EmbodiedScan and mmdetection3d write: <c>%05d.jpg</c>, <c>%05d.png</c>
    /// and <c>%05d.txt</c> in one folder (named by ScanNet frame number), <c>intrinsic.txt</c> (colour) and
    /// <c>depth_intrinsic.txt</c>; no extrinsics (identity, as ScanNet's streams have).
    /// </summary>
    public static ExportLayout PosedImages(string folder) =>
        new(folder, folder, folder, folder, Path.Combine(folder, "intrinsic.txt"), Path.Combine(folder, "depth_intrinsic.txt"), null, null, "a posed_images export");
}

/// <summary>
/// Frames already exported from a <c>.sens</c> file (<see cref="ExportLayout"/>: ScanNet's SensReader export, or the
/// posed_images layout): colour <c>.jpg</c>, depth <c>.png</c> (16-bit, depth shift 1000) and pose <c>.txt</c> per frame.
/// Frame numbers are the colour file names, so an export made with a frame skip keeps ScanNet's numbering; zero-padded
/// names (<c>000120.jpg</c>) are read as their number and their depth and pose files looked up under the same name.
/// Image sizes come from the first colour and depth files.
/// </summary>
public sealed class ExportedFrameSource : IRgbdFrameSource
{
    /// <summary>SensReader exports depth as the raw sensor values, millimetres for ScanNet.</summary>
    const double ExportDepthShift = 1000;

    readonly ExportLayout _layout;
    readonly (long Index, string Stem)[] _frames; // one entry per frame: the only state that grows with the sequence
    int _position = -1;
    float[] _pose = [];
    byte[] _color = [];

    public ExportedFrameSource(string folder) : this(ExportLayout.SensReader(folder)) { }

    public ExportedFrameSource(ExportLayout layout)
    {
        _layout = layout;
        var colorDir = layout.ColorDir;
        if (!Directory.Exists(colorDir)) throw new SparException($"{layout.Name}: no {Path.GetFileName(colorDir)}/ folder (not {layout.Kind})");
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
        var (cw, ch) = ImageCodec.SizeOf(ColorPath(0));
        if (!File.Exists(DepthPath(0)))
            throw new SparException($"{DepthPath(0)}: missing depth for exported frame {_frames[0].Index} (spar needs depth; mmdetection3d's extract_posed_images.py writes none, EmbodiedScan's generate_image_scannet.py does)");
        var (dw, dh) = ImageCodec.SizeOf(DepthPath(0));
        Calibration = new RgbdCalibration(cw, ch, ReadFloats(layout.ColorIntrinsic), OptionalMatrix(layout.ColorExtrinsic),
            dw, dh, ReadFloats(layout.DepthIntrinsic), OptionalMatrix(layout.DepthExtrinsic), ExportDepthShift);
    }

    static float[] OptionalMatrix(string? path) =>
        path != null && File.Exists(path) ? ReadFloats(path) : [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];

    /// <summary>A SensReader matrix file (numpy <c>%f</c> text, <c>-inf</c> for lost tracking) as float32, the precision of the stream it came from.</summary>
    static float[] ReadFloats(string path) => [.. MatrixFile.Read(path).ToRowMajor().Select(v => (float)v)];

    string ColorPath(int position) => Path.Combine(_layout.ColorDir, _frames[position].Stem + ".jpg");
    string DepthPath(int position) => Path.Combine(_layout.DepthDir, _frames[position].Stem + ".png");
    string PosePath(int position) => Path.Combine(_layout.PoseDir, _frames[position].Stem + ".txt");

    public string Name => _layout.Name;
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
