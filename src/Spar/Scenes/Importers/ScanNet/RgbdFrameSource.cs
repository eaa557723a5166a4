using Spar.Util;
using Spar.Imaging;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>
/// Camera calibration of an RGB-D sequence. Matrices are row-major 4×4 as ScanNet stores them;
/// <see cref="DepthShift"/> is raw depth units per metre.
/// </summary>
public sealed record RgbdCalibration(
    int ColorWidth, int ColorHeight, float[] ColorIntrinsic, float[] ColorExtrinsic,
    int DepthWidth, int DepthHeight, float[] DepthIntrinsic, float[] DepthExtrinsic,
    double DepthShift)
{
    public PinholeIntrinsics Color => PinholeIntrinsics.FromMatrix(ColorIntrinsic);
    public PinholeIntrinsics Depth => PinholeIntrinsics.FromMatrix(DepthIntrinsic);
}

/// <summary>
/// A forward-only stream of RGB-D frames: a <c>.sens</c> file read directly, or frames exported by ScanNet's
/// SensReader. Payloads are produced only for frames that ask for them; nothing is kept between frames.
/// </summary>
public interface IRgbdFrameSource : IDisposable
{
    /// <summary>File or folder the frames come from (used in messages).</summary>
    string Name { get; }
    RgbdCalibration Calibration { get; }
    /// <summary>Number of frames the stream holds.</summary>
    long FrameCount { get; }
    bool MoveNext();
    /// <summary>ScanNet frame number of the current frame (its colour file name in SensReader exports).</summary>
    long FrameIndex { get; }
    /// <summary>Row-major camera-to-world pose; ScanNet marks tracking failures with non-finite (<c>-inf</c>) values.</summary>
    float[] CameraToWorld { get; }
    /// <summary>Where the current frame's colour image is, for messages: its file, or the stream and frame number.</summary>
    string ColorLocation { get; }
    /// <summary>Where the colour size the frames must have comes from, for messages ("header", "first colour file").</summary>
    string ColorSizeSource { get; }
    /// <summary>The current frame's colour image as JPEG bytes (passed through unchanged when stored as JPEG).</summary>
    ReadOnlySpan<byte> ColorJpeg();
    /// <summary>Decodes the current frame's depth, DepthWidth × DepthHeight raw units.</summary>
    void DecodeDepth(Span<ushort> raw);
}

/// <summary>Frames read straight from a <c>.sens</c> file.</summary>
public sealed class SensFrameSource : IRgbdFrameSource
{
    readonly SensReader _reader;

    public SensFrameSource(string path)
    {
        _reader = SensReader.Open(path);
        var h = _reader.Header;
        Calibration = new RgbdCalibration(h.ColorWidth, h.ColorHeight, h.ColorIntrinsic, h.ColorExtrinsic,
            h.DepthWidth, h.DepthHeight, h.DepthIntrinsic, h.DepthExtrinsic, h.DepthShift);
    }

    public string Name => _reader.FilePath;
    public RgbdCalibration Calibration { get; }
    public long FrameCount => _reader.Header.FrameCount;
    public bool MoveNext() => _reader.MoveNext();
    public long FrameIndex => _reader.Current.Index;
    public float[] CameraToWorld => _reader.Current.CameraToWorld;
    public string ColorLocation => $"{Name}: frame {FrameIndex}";
    public string ColorSizeSource => "header says";

    public ReadOnlySpan<byte> ColorJpeg()
    {
        var h = _reader.Header;
        var payload = _reader.ReadColorBytes();
        return h.ColorCompression switch
        {
            SensColorCompression.Jpeg => payload,
            SensColorCompression.Raw or SensColorCompression.Png => ImageCodec.TranscodeToJpeg(payload, h.ColorCompression == SensColorCompression.Png,
                h.ColorWidth, h.ColorHeight, $"{Name}: frame {FrameIndex}"),
            _ => throw new SparException($"{Name}: frame {FrameIndex}: colour compression {h.ColorCompression} is not supported"),
        };
    }

    public void DecodeDepth(Span<ushort> raw) => _reader.DecodeDepth(raw);
    public void Dispose() => _reader.Dispose();
}
