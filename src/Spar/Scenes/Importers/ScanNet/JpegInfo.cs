using System.Buffers.Binary;

namespace Spar.Scenes.Importers.ScanNet;

/// <summary>Reads a JPEG's pixel size from its start-of-frame marker, without decoding, to check passed-through colour frames.</summary>
public static class JpegInfo
{
    /// <summary>The (width, height) of a baseline/progressive JPEG, or null when the bytes are not a well-formed JPEG header.</summary>
    public static (int Width, int Height)? Size(ReadOnlySpan<byte> jpeg)
    {
        if (jpeg.Length < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return null;
        int i = 2;
        while (i + 4 <= jpeg.Length)
        {
            if (jpeg[i] != 0xFF) return null;
            byte marker = jpeg[i + 1];
            if (marker == 0xFF) { i++; continue; } // fill byte
            if (marker is 0xD8 or 0x01 or (>= 0xD0 and <= 0xD7)) { i += 2; continue; } // markers without a length
            int length = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 2)..]);
            if (length < 2) return null;
            bool startOfFrame = marker is >= 0xC0 and <= 0xCF and not 0xC4 and not 0xC8 and not 0xCC;
            if (startOfFrame)
            {
                if (i + 9 > jpeg.Length) return null;
                int height = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 5)..]);
                int width = BinaryPrimitives.ReadUInt16BigEndian(jpeg[(i + 7)..]);
                return (width, height);
            }
            if (marker == 0xDA) return null; // scan data before any frame header
            i += 2 + length;
        }
        return null;
    }
}
