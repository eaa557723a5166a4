using System.Buffers.Binary;

namespace Spar.Imaging;

/// <summary>
/// Reads a JPEG's frame size from its SOFn marker without decoding anything: <see cref="ImageCodec"/> refuses an absurd
/// size before a decoder allocates for it, and the ScanNet importer checks passed-through colour frames with it. The one
/// parser in spar (issue 14 merged the importer's laxer copy): every marker segment must fit in the data, a frame header
/// must hold its size fields, and end of image or scan data before a frame header means no size.
/// </summary>
public static class JpegHeader
{
    public static bool IsJpeg(ReadOnlySpan<byte> data) => data.Length >= 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;

    /// <summary>The (width, height) of the frame, or null when the bytes are not a well-formed JPEG header.</summary>
    public static (int Width, int Height)? Size(ReadOnlySpan<byte> data) =>
        TryReadSize(data, out int width, out int height) ? (width, height) : null;

    /// <summary>Walks the marker segments up to the first start-of-frame; false if the stream ends or is malformed first.</summary>
    public static bool TryReadSize(ReadOnlySpan<byte> data, out int width, out int height)
    {
        width = height = 0;
        if (!IsJpeg(data)) return false;
        int p = 2;
        while (p + 4 <= data.Length)
        {
            if (data[p] != 0xFF) return false;
            byte marker = data[p + 1];
            if (marker == 0xFF) { p++; continue; } // fill byte
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) { p += 2; continue; } // no length field
            if (marker is 0xD9 or 0xDA) return false; // end of image / scan data before any frame header
            int length = BinaryPrimitives.ReadUInt16BigEndian(data[(p + 2)..]);
            if (length < 2 || p + 2 + length > data.Length) return false;
            // SOF0–SOF15, except DHT (C4), JPG (C8) and DAC (CC), which share the range.
            if (marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC)
            {
                if (length < 7) return false;
                height = BinaryPrimitives.ReadUInt16BigEndian(data[(p + 5)..]);
                width = BinaryPrimitives.ReadUInt16BigEndian(data[(p + 7)..]);
                return true;
            }
            p += 2 + length;
        }
        return false;
    }
}
