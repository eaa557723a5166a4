using System.Buffers.Binary;
using System.Globalization;
using System.Text;

namespace Spar.Scenes.Importers;

/// <summary>
/// Writes a PLY mesh with float x,y,z, uchar red,green,blue,alpha per vertex (ScanNet's vertex layout) and
/// triangle faces, in ASCII or binary little-endian. Used for test fixtures and ScanNet-format exports.
/// </summary>
public static class PlyWriter
{
    public static void Write(Stream output, ReadOnlySpan<float> positions, ReadOnlySpan<byte> colors, ReadOnlySpan<int> triangles, bool binary)
    {
        int n = positions.Length / 3;
        if (colors.Length != 3 * n) throw new ArgumentException("need r,g,b per vertex", nameof(colors));
        int faces = triangles.Length / 3;
        var header = new StringBuilder()
            .Append("ply\n")
            .Append(binary ? "format binary_little_endian 1.0\n" : "format ascii 1.0\n")
            .Append("comment written by spar\n")
            .Append(CultureInfo.InvariantCulture, $"element vertex {n}\n")
            .Append("property float x\nproperty float y\nproperty float z\n")
            .Append("property uchar red\nproperty uchar green\nproperty uchar blue\nproperty uchar alpha\n")
            .Append(CultureInfo.InvariantCulture, $"element face {faces}\n")
            .Append("property list uchar int vertex_indices\nend_header\n");
        output.Write(Encoding.ASCII.GetBytes(header.ToString()));
        if (binary)
        {
            var v = new byte[16];
            for (int i = 0; i < n; i++)
            {
                for (int k = 0; k < 3; k++) BinaryPrimitives.WriteSingleLittleEndian(v.AsSpan(4 * k), positions[3 * i + k]);
                v[12] = colors[3 * i]; v[13] = colors[3 * i + 1]; v[14] = colors[3 * i + 2]; v[15] = 255;
                output.Write(v);
            }
            var f = new byte[13];
            f[0] = 3;
            for (int i = 0; i < faces; i++)
            {
                for (int k = 0; k < 3; k++) BinaryPrimitives.WriteInt32LittleEndian(f.AsSpan(1 + 4 * k), triangles[3 * i + k]);
                output.Write(f);
            }
            return;
        }
        var sb = new StringBuilder();
        for (int i = 0; i < n; i++)
            sb.Append(CultureInfo.InvariantCulture,
                $"{positions[3 * i]:R} {positions[3 * i + 1]:R} {positions[3 * i + 2]:R} {colors[3 * i]} {colors[3 * i + 1]} {colors[3 * i + 2]} 255\n");
        for (int i = 0; i < faces; i++)
            sb.Append(CultureInfo.InvariantCulture, $"3 {triangles[3 * i]} {triangles[3 * i + 1]} {triangles[3 * i + 2]}\n");
        output.Write(Encoding.ASCII.GetBytes(sb.ToString()));
    }
}
