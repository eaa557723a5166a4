using System.Text;
using Spar.Scenes.Importers;
using Spar.Util;

namespace Spar.Tests.Scenes.Importers;

public class PlyMeshReaderTests
{
    static readonly float[] Positions = [0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 1, 0];

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Faces_of_ascii_and_binary_meshes_are_read_as_written(bool binary)
    {
        var ms = new MemoryStream();
        PlyWriter.Write(ms, Positions, new byte[12], [0, 1, 2, 0, 2, 3], binary);
        ms.Position = 0;
        var mesh = PlyReader.ReadMesh(ms, "mesh.ply");
        Assert.Equal(Positions, mesh.Vertices.Positions);
        Assert.Equal([0, 1, 2, 0, 2, 3], mesh.Triangles);
    }

    static PlyMesh Parse(string text) => PlyReader.ReadMesh(new MemoryStream(Encoding.ASCII.GetBytes(text)), "mesh.ply");

    const string Header = """
        ply
        format ascii 1.0
        element vertex 4
        property float x
        property float y
        property float z
        element face 1
        property uchar flags
        property list uchar int vertex_index
        end_header
        0 0 0
        1 0 0
        1 1 0
        0 1 0

        """;

    [Fact]
    public void A_quad_is_fanned_into_two_triangles_and_other_face_properties_are_skipped()
    {
        var mesh = Parse(Header + "7 4 0 1 2 3\n");
        Assert.Equal([0, 1, 2, 0, 2, 3], mesh.Triangles);
    }

    [Fact]
    public void A_face_naming_a_missing_vertex_is_an_error_naming_the_line()
    {
        var e = Assert.Throws<SparException>(() => Parse(Header + "0 3 0 1 4\n"));
        Assert.Equal("mesh.ply:15: PLY face 0 names vertex 4, but the mesh has 4 vertices", e.Message);
    }

    [Fact]
    public void A_mesh_without_faces_has_no_triangles_and_vertices_only_reading_ignores_faces()
    {
        var noFaces = Header.Replace("element face 1\nproperty uchar flags\nproperty list uchar int vertex_index\n", "");
        Assert.Empty(Parse(noFaces).Triangles);
        // Reading the vertices alone never looks at the faces, so a damaged face section does not stop it.
        var v = PlyReader.Read(new MemoryStream(Encoding.ASCII.GetBytes(Header + "0 3 0 1 9\n")), "mesh.ply");
        Assert.Equal(4, v.Count);
    }

    /// <summary>
    /// Matterport3D's region meshes label faces (<c>face_segment</c>), with scalar properties before and after the
    /// corner list; a quad's two triangles both carry its value. Written byte by byte here, in both encodings.
    /// </summary>
    [Theory]
    [InlineData(true, false)]
    [InlineData(true, true)]
    [InlineData(false, false)]
    public void A_face_property_is_read_per_triangle(bool binary, bool bigEndian)
    {
        var header = "ply\n" + (binary ? (bigEndian ? "format binary_big_endian 1.0\n" : "format binary_little_endian 1.0\n") : "format ascii 1.0\n")
            + "element vertex 4\nproperty float x\nproperty float y\nproperty float z\n"
            + "element face 2\nproperty uchar flags\nproperty list uchar int vertex_indices\nproperty int face_segment\nproperty float w\nend_header\n";
        using var ms = new MemoryStream();
        ms.Write(Encoding.ASCII.GetBytes(header));
        if (binary)
        {
            void F(float v) { var b = BitConverter.GetBytes(v); if (bigEndian) Array.Reverse(b); ms.Write(b); }
            void I(int v) { var b = BitConverter.GetBytes(v); if (bigEndian) Array.Reverse(b); ms.Write(b); }
            foreach (var p in Positions) F(p);
            ms.WriteByte(9); ms.WriteByte(4); I(0); I(1); I(2); I(3); I(5); F(0.5f);
            ms.WriteByte(9); ms.WriteByte(3); I(0); I(2); I(3); I(-1); F(0.5f);
        }
        else
        {
            var body = new StringBuilder();
            for (int i = 0; i < 4; i++) body.Append($"{Positions[3 * i]} {Positions[3 * i + 1]} {Positions[3 * i + 2]}\n");
            body.Append("9 4 0 1 2 3 5 0.5\n9 3 0 2 3 -1 0.5\n");
            ms.Write(Encoding.ASCII.GetBytes(body.ToString()));
        }
        ms.Position = 0;
        var path = Path.Combine(Path.GetTempPath(), $"spar-ply-{Guid.NewGuid():N}.ply");
        try
        {
            File.WriteAllBytes(path, ms.ToArray());
            var mesh = PlyReader.ReadMesh(path, "face_segment");
            Assert.Equal([0, 1, 2, 0, 2, 3, 0, 2, 3], mesh.Triangles);
            Assert.Equal([5, 5, -1], mesh.TriangleValues!);
            Assert.Null(PlyReader.ReadMesh(path).TriangleValues);
            var e = Assert.Throws<SparException>(() => PlyReader.ReadMesh(path, "face_category"));
            Assert.Equal($"{path}:7: PLY face element has no scalar 'face_category' property", e.Message);
        }
        finally { File.Delete(path); }
    }
}
