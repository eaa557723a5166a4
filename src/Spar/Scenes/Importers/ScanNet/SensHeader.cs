namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Colour codec of a <c>.sens</c> stream (ScanNet's <c>COMPRESSION_TYPE_COLOR</c>; ScanNet ships JPEG).</summary>
public enum SensColorCompression { Unknown = -1, Raw = 0, Png = 1, Jpeg = 2 }

/// <summary>Depth codec of a <c>.sens</c> stream (ScanNet's <c>COMPRESSION_TYPE_DEPTH</c>; ScanNet ships zlib).</summary>
public enum SensDepthCompression { Unknown = -1, RawUshort = 0, ZlibUshort = 1, OcciUshort = 2 }

/// <summary>
/// The fixed part of a ScanNet <c>.sens</c> file (version 4), as laid out by ScanNet's SensReader: all
/// little-endian, matrices as 16 row-major float32. Intrinsics are 4×4 with fx, fy on the diagonal and cx, cy in
/// the last column of the first two rows. <see cref="DepthShift"/> is raw depth units per metre (1000 in ScanNet).
/// </summary>
public sealed record SensHeader(
    uint Version,
    string SensorName,
    float[] ColorIntrinsic,
    float[] ColorExtrinsic,
    float[] DepthIntrinsic,
    float[] DepthExtrinsic,
    SensColorCompression ColorCompression,
    SensDepthCompression DepthCompression,
    int ColorWidth,
    int ColorHeight,
    int DepthWidth,
    int DepthHeight,
    float DepthShift,
    long FrameCount)
{
    public const uint SupportedVersion = 4;

    /// <summary>Bytes of the per-frame record before its colour and depth payloads (pose, 2 timestamps, 2 sizes).</summary>
    public const int FrameRecordBytes = 16 * 4 + 4 * 8;

    /// <summary>Size in bytes of the header written for <paramref name="sensorName"/> (up to and including the frame count).</summary>
    public static long SizeFor(string sensorName) =>
        4 + 8 + System.Text.Encoding.UTF8.GetByteCount(sensorName) + 4 * 16 * 4 + 4 + 4 + 4 * 4 + 4 + 8;
}

/// <summary>
/// One frame's fixed record. <see cref="CameraToWorld"/> is row-major; ScanNet marks frames whose tracking failed
/// with non-finite (<c>-inf</c>) poses. Timestamps are in the sensor's units (microseconds in ScanNet).
/// </summary>
public readonly record struct SensFrameInfo(
    long Index,
    long ByteOffset,
    float[] CameraToWorld,
    ulong TimestampColor,
    ulong TimestampDepth,
    long ColorBytes,
    long DepthBytes)
{
    public bool HasFinitePose
    {
        get
        {
            foreach (var v in CameraToWorld) if (!float.IsFinite(v)) return false;
            return true;
        }
    }
}
