using System.Text;
using CsCheck;
using Spar.Scenes.Importers;
using Spar.Util;

namespace Spar.Tests.Scenes.Importers;

public class PlyReaderTests
{
    static readonly float[] Positions = [0, 0, 0, 1.5f, -2.25f, 0.125f, 3, 4, 5];
    static readonly byte[] Colors = [10, 20, 30, 40, 50, 60, 70, 80, 90];
    static readonly int[] Triangles = [0, 1, 2];

    static PlyVertices RoundTrip(bool binary)
    {
        var ms = new MemoryStream();
        PlyWriter.Write(ms, Positions, Colors, Triangles, binary);
        ms.Position = 0;
        return PlyReader.Read(ms, "mesh.ply");
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Reads_positions_and_colours_of_ascii_and_binary_meshes(bool binary)
    {
        var v = RoundTrip(binary);
        Assert.Equal(3, v.Count);
        Assert.Equal(Positions, v.Positions);
        Assert.Equal(Colors, v.Colors);
    }

    static PlyVertices Parse(string text) => PlyReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(text)), "mesh.ply");

    [Fact]
    public void Extra_vertex_properties_and_leading_elements_are_skipped()
    {
        var v = Parse("""
            ply
            format ascii 1.0
            comment made by hand
            element camera 1
            property list uchar float k
            element vertex 2
            property double x
            property float nx
            property float y
            property list uchar int neighbours
            property int z
            end_header
            3 0.1 0.2 0.3
            1.5 9 2.5 2 7 8 3
            -1 9 -2 0 4

            """);
        Assert.Null(v.Colors);
        Assert.Equal([1.5f, 2.5f, 3f, -1f, -2f, 4f], v.Positions);
    }

    [Fact]
    public void Big_endian_binary_is_read()
    {
        var header = "ply\nformat binary_big_endian 1.0\nelement vertex 1\nproperty float x\nproperty float y\nproperty short z\nend_header\n";
        var body = new byte[] { 0x3F, 0x80, 0, 0, 0xC0, 0, 0, 0, 0xFF, 0xFE };
        var v = PlyReader.Read(new MemoryStream([.. Encoding.ASCII.GetBytes(header), .. body]), "be.ply");
        Assert.Equal([1f, -2f, -2f], v.Positions);
    }

    [Fact]
    public void Unknown_property_type_is_an_error_naming_the_header_line()
    {
        var e = Assert.Throws<SparException>(() => Parse("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty quad w\nend_header\n1 2\n"));
        Assert.Equal("mesh.ply:5: unsupported PLY property type 'quad'", e.Message);
    }

    [Fact]
    public void Missing_coordinate_is_an_error()
    {
        var e = Assert.Throws<SparException>(() => Parse("ply\nformat ascii 1.0\nelement vertex 1\nproperty float x\nproperty float y\nend_header\n1 2\n"));
        Assert.Contains("lacks x, y or z", e.Message);
    }

    [Fact]
    public void Truncated_binary_body_names_the_record()
    {
        var ms = new MemoryStream();
        PlyWriter.Write(ms, Positions, Colors, Triangles, binary: true);
        var bytes = ms.ToArray();
        int headerEnd = Encoding.ASCII.GetString(bytes).IndexOf("end_header\n") + "end_header\n".Length;
        var cut = bytes[..(headerEnd + 16 + 5)];
        var e = Assert.Throws<SparException>(() => PlyReader.Read(new MemoryStream(cut), "cut.ply"));
        Assert.Equal("cut.ply:4: header declares 3 vertices but only 21 bytes follow the header (truncated?)", e.Message);
        // A stream that cannot tell its length (here: gzip) fails at the record instead.
        var gz = new MemoryStream();
        using (var z = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionLevel.Fastest, leaveOpen: true)) z.Write(cut);
        gz.Position = 0;
        using var unzip = new System.IO.Compression.GZipStream(gz, System.IO.Compression.CompressionMode.Decompress);
        e = Assert.Throws<SparException>(() => PlyReader.Read(unzip, "cut.ply"));
        Assert.Equal("cut.ply: PLY body truncated in element 'vertex' at record 1 of 3", e.Message);
    }

    [Fact]
    public void A_vertex_count_the_file_cannot_hold_is_rejected_before_allocating()
    {
        var e = Assert.Throws<SparException>(() => Parse("ply\nformat binary_little_endian 1.0\nelement vertex 300000000\nproperty float x\nproperty float y\nproperty float z\nend_header\n\0\0\0\0"));
        Assert.Equal("mesh.ply:3: header declares 300000000 vertices but only 4 bytes follow the header (truncated?)", e.Message);
    }

    [Fact]
    public void Malformed_ascii_value_names_the_line()
    {
        var e = Assert.Throws<SparException>(() => Parse("ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n1 2 3\n1 two 3\n"));
        Assert.Equal("mesh.ply:9: PLY value 'two' is not a number", e.Message);
    }

    [Fact]
    public void Not_a_ply_file_is_rejected()
    {
        var e = Assert.Throws<SparException>(() => Parse("solid cube\n"));
        Assert.Contains("not a PLY file", e.Message);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Random_damage_or_truncation_is_read_or_rejected_cleanly(bool binary)
    {
        var ms = new MemoryStream();
        PlyWriter.Write(ms, Positions, Colors, Triangles, binary);
        var valid = ms.ToArray();
        Gen.Select(Gen.Int[0, valid.Length - 1].Array[1, 4], Gen.Byte.Array[4], Gen.Int[0, valid.Length]).Sample((offsets, values, length) =>
        {
            var bytes = (byte[])valid.Clone();
            for (int i = 0; i < offsets.Length; i++) bytes[offsets[i]] = values[i];
            try { PlyReader.Read(new MemoryStream(bytes[..length]), "damaged.ply"); }
            catch (SparException e) { Assert.StartsWith("damaged.ply", e.Message); }
        }, iter: 1000);
    }

    [Theory]
    [InlineData(float.NaN, "NaN")]
    [InlineData(float.PositiveInfinity, "Infinity")]
    public void A_non_finite_binary_coordinate_is_refused_naming_the_record(float bad, string shown)
    {
        var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes("ply\nformat binary_little_endian 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n"));
        foreach (var v in new[] { 0f, 1f, 2f, 3f, 4f, bad }) ms.Write(BitConverter.GetBytes(v)); // little-endian on every .NET target we run
        ms.Position = 0;
        var e = Assert.Throws<SparException>(() => PlyReader.Read(ms, "mesh.ply"));
        Assert.Equal($"mesh.ply: vertex record 1: PLY vertex 1 has a non-finite z ({shown})", e.Message);
    }

    [Fact]
    public void A_nan_ascii_coordinate_is_refused_naming_file_and_line()
    {
        var e = Assert.Throws<SparException>(() => Parse("ply\nformat ascii 1.0\nelement vertex 2\nproperty float x\nproperty float y\nproperty float z\nend_header\n0 0 0\nNaN 1 2\n"));
        Assert.Equal("mesh.ply:9: PLY vertex 1 has a non-finite x (NaN)", e.Message);
    }
}
