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
}
