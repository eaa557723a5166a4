using System.Buffers.Binary;
using System.Globalization;
using System.Text;
using Spar.Util;

namespace Spar.Scenes.Importers;

/// <summary>Vertices of a PLY mesh: positions as x,y,z triples and, when the file has them, colours as r,g,b triples.</summary>
public sealed record PlyVertices(int Count, float[] Positions, byte[]? Colors);

/// <summary>A PLY mesh: its vertices and its faces as vertex-index triples (polygons fanned into triangles).</summary>
public sealed record PlyMesh(PlyVertices Vertices, int[] Triangles)
{
    public int TriangleCount => Triangles.Length / 3;

    /// <summary>
    /// The value of the face property asked for in <see cref="PlyReader.ReadMesh(string, string)"/> for each triangle
    /// (a fanned polygon's triangles all carry its face's value); null when none was asked for.
    /// </summary>
    public int[]? TriangleValues { get; init; }
}

/// <summary>
/// Reads the <c>vertex</c> element of a PLY file (ASCII, binary little- or big-endian). Other elements (faces…) are
/// skipped or not read. Vertex properties other than x, y, z, red, green, blue are tolerated and skipped, as
/// ScanNet meshes carry <c>alpha</c> and other tools add normals; a property of an unknown type, a missing
/// coordinate, a truncated body or a malformed ASCII line is a <see cref="SparException"/> naming file and line.
/// </summary>
public static class PlyReader
{
    enum Format { Ascii, BinaryLittleEndian, BinaryBigEndian }

    sealed record Property(string Name, string Type, string? ListCountType, int HeaderLine);

    sealed record Element(string Name, long Count, List<Property> Properties, int HeaderLine);

    public static PlyVertices Read(string path) => ReadFile(path, faces: false).Vertices;

    public static PlyVertices Read(Stream stream, string name) => Read(stream, name, faces: false).Vertices;

    /// <summary>
    /// Vertices and faces (the <c>face</c> element's <c>vertex_indices</c> or <c>vertex_index</c> list; polygons of
    /// more than three corners are fanned from their first corner). A face naming a vertex that does not exist is an
    /// error naming the face record. A file without a face element has no triangles.
    /// </summary>
    public static PlyMesh ReadMesh(string path) => ReadFile(path, faces: true);

    public static PlyMesh ReadMesh(Stream stream, string name) => Read(stream, name, faces: true);

    /// <summary>
    /// As <see cref="ReadMesh(string)"/>, plus the integer scalar face property <paramref name="faceProperty"/> of
    /// every face, per triangle (<see cref="PlyMesh.TriangleValues"/>): Matterport3D's region meshes label faces, not
    /// vertices (<c>face_segment</c>). A file without that property, or a non-integer value, is an error naming it.
    /// </summary>
    public static PlyMesh ReadMesh(string path, string faceProperty) => ReadFile(path, faces: true, faceProperty);

    static PlyMesh ReadFile(string path, bool faces, string? faceProperty = null)
    {
        try
        {
            using var fs = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
            return Read(fs, path, faces, faceProperty);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new SparException($"{path}: cannot read PLY file: {e.Message}", e);
        }
    }

    static PlyMesh Read(Stream stream, string name, bool faces, string? faceProperty = null)
    {
        var input = new BufferedStream(stream, 1 << 16);
        var (format, elements, headerLines) = ReadHeader(input, name);
        var vertex = elements.FirstOrDefault(e => e.Name == "vertex")
            ?? throw new SparException($"{name}: PLY header has no 'vertex' element");
        int ix = IndexOf(vertex, "x"), iy = IndexOf(vertex, "y"), iz = IndexOf(vertex, "z");
        if (ix < 0 || iy < 0 || iz < 0)
            throw new SparException($"{name}:{vertex.HeaderLine}: PLY vertex element lacks x, y or z");
        int ir = IndexOf(vertex, "red"), ig = IndexOf(vertex, "green"), ib = IndexOf(vertex, "blue");
        bool hasColor = ir >= 0 && ig >= 0 && ib >= 0;
        if (vertex.Count > int.MaxValue / 3) throw new SparException($"{name}:{vertex.HeaderLine}: too many vertices ({vertex.Count})");
        CheckCountFitsFile(stream, input, vertex, format, name);
        int n = (int)vertex.Count;
        var positions = new float[3 * n];
        var colors = hasColor ? new byte[3 * n] : null;
        var values = new double[vertex.Properties.Count];
        int[] used = hasColor ? [ix, iy, iz, ir, ig, ib] : [ix, iy, iz];
        var body = format == Format.Ascii
            ? (IBody)new AsciiBody(input, name, headerLines)
            : new BinaryBody(input, name, format == Format.BinaryBigEndian);
        var face = faces ? elements.FirstOrDefault(e => e.Name == "face") : null;
        int faceList = face?.Properties.FindIndex(p => p.ListCountType != null && p.Name is "vertex_indices" or "vertex_index") ?? -1;
        if (face != null && faceList < 0) throw new SparException($"{name}:{face.HeaderLine}: PLY face element has no vertex_indices list");
        int faceValue = -1;
        if (faceProperty != null)
        {
            if (face == null) throw new SparException($"{name}: PLY header has no 'face' element (needed for its '{faceProperty}')");
            faceValue = face.Properties.FindIndex(p => p.ListCountType == null && p.Name == faceProperty);
            if (faceValue < 0) throw new SparException($"{name}:{face.HeaderLine}: PLY face element has no scalar '{faceProperty}' property");
        }
        var triangles = new List<int>();
        var triangleValues = faceValue >= 0 ? new List<int>() : null;
        bool verticesRead = false;
        foreach (var element in elements)
        {
            if (element == face && verticesRead)
            {
                ReadFaces(body, face, faceList, n, triangles, faceValue, triangleValues);
                break;
            }
            if (element != vertex)
            {
                if (verticesRead && face == null) break; // elements after the vertices are not needed
                for (long i = 0; i < element.Count; i++) body.SkipRecord(element);
                continue;
            }
            for (int i = 0; i < n; i++)
            {
                body.ReadRecord(vertex, values, i);
                RequireFinite(vertex, values, used, body, i);
                positions[3 * i] = (float)values[ix];
                positions[3 * i + 1] = (float)values[iy];
                positions[3 * i + 2] = (float)values[iz];
                if (colors != null)
                {
                    colors[3 * i] = (byte)Math.Clamp(values[ir], 0, 255);
                    colors[3 * i + 1] = (byte)Math.Clamp(values[ig], 0, 255);
                    colors[3 * i + 2] = (byte)Math.Clamp(values[ib], 0, 255);
                }
            }
            verticesRead = true;
            if (face == null) break; // elements after the vertices are not needed
        }
        if (face != null && !verticesRead) throw new SparException($"{name}:{face.HeaderLine}: PLY face element comes before the vertices");
        return new PlyMesh(new PlyVertices(n, positions, colors), [.. triangles]) { TriangleValues = triangleValues?.ToArray() };
    }

    static void ReadFaces(IBody body, Element face, int listProperty, int vertexCount, List<int> triangles, int valueProperty, List<int>? values)
    {
        var corners = new List<int>(4);
        for (long f = 0; f < face.Count; f++)
        {
            corners.Clear();
            double value = body.ReadFace(face, listProperty, corners, f, valueProperty);
            foreach (int c in corners)
                if (c < 0 || c >= vertexCount)
                    throw new SparException($"{body.WhereFace(f)}: PLY face {f} names vertex {c}, but the mesh has {vertexCount} vertices");
            if (values != null && !(value == Math.Floor(value) && value >= int.MinValue && value <= int.MaxValue))
                throw new SparException($"{body.WhereFace(f)}: PLY face {f} has {face.Properties[valueProperty].Name} {value.ToString(CultureInfo.InvariantCulture)}, expected an integer");
            for (int k = 2; k < corners.Count; k++)
            {
                triangles.AddRange([corners[0], corners[k - 1], corners[k]]);
                values?.Add((int)value);
            }
        }
    }

    /// <summary>
    /// A nan or inf coordinate (written by some tools for unset vertices) would reach boxes and scene.json as NaN,
    /// which spar's own readers refuse later, far from the cause: it is refused here, naming file and line/record.
    /// </summary>
    static void RequireFinite(Element vertex, double[] values, int[] used, IBody body, long index)
    {
        foreach (int p in used)
            if (!double.IsFinite(values[p]))
                throw new SparException($"{body.Where(index)}: PLY vertex {index} has a non-finite {vertex.Properties[p].Name} ({values[p].ToString(CultureInfo.InvariantCulture)})");
    }

    /// <summary>A damaged count must not make us allocate gigabytes: the body has to hold at least the smallest possible records.</summary>
    static void CheckCountFitsFile(Stream stream, BufferedStream input, Element vertex, Format format, string name)
    {
        if (!stream.CanSeek) return;
        long remaining = stream.Length - input.Position;
        long minRecord = format == Format.Ascii
            ? 2L * vertex.Properties.Count // a digit and a separator per value
            : vertex.Properties.Sum(p => (long)SizeOf(p.ListCountType ?? p.Type));
        if (vertex.Count * minRecord > remaining)
            throw new SparException($"{name}:{vertex.HeaderLine}: header declares {vertex.Count} vertices but only {remaining} bytes follow the header (truncated?)");
    }

    static int IndexOf(Element e, string name) =>
        e.Properties.FindIndex(p => p.Name == name && p.ListCountType == null);

    static (Format, List<Element>, int) ReadHeader(Stream input, string name)
    {
        var elements = new List<Element>();
        Format? format = null;
        int line = 0;
        while (true)
        {
            string? text = ReadHeaderLine(input);
            line++;
            if (text == null) throw new SparException($"{name}:{line}: PLY header ends before 'end_header'");
            if (line == 1)
            {
                if (text != "ply") throw new SparException($"{name}:1: not a PLY file (first line is not 'ply')");
                continue;
            }
            var parts = text.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 0) continue;
            switch (parts[0])
            {
                case "end_header":
                    if (format == null) throw new SparException($"{name}:{line}: PLY header has no 'format' line");
                    return (format.Value, elements, line);
                case "comment" or "obj_info":
                    break;
                case "format":
                    format = parts.Length >= 2 ? parts[1] switch
                    {
                        "ascii" => Format.Ascii,
                        "binary_little_endian" => Format.BinaryLittleEndian,
                        "binary_big_endian" => Format.BinaryBigEndian,
                        _ => null,
                    } : null;
                    if (format == null) throw new SparException($"{name}:{line}: unknown PLY format '{text}'");
                    break;
                case "element":
                    if (parts.Length != 3 || !long.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out long count))
                        throw new SparException($"{name}:{line}: malformed PLY element line '{text}'");
                    elements.Add(new Element(parts[1], count, [], line));
                    break;
                case "property":
                    if (elements.Count == 0) throw new SparException($"{name}:{line}: PLY property before any element");
                    var props = elements[^1].Properties;
                    if (parts.Length == 5 && parts[1] == "list")
                    {
                        CheckType(parts[2], name, line);
                        CheckType(parts[3], name, line);
                        props.Add(new Property(parts[4], parts[3], parts[2], line));
                    }
                    else if (parts.Length == 3)
                    {
                        CheckType(parts[1], name, line);
                        props.Add(new Property(parts[2], parts[1], null, line));
                    }
                    else throw new SparException($"{name}:{line}: malformed PLY property line '{text}'");
                    break;
                default:
                    throw new SparException($"{name}:{line}: unexpected PLY header line '{text}'");
            }
        }
    }

    static string? ReadHeaderLine(Stream input)
    {
        var sb = new StringBuilder();
        while (true)
        {
            int b = input.ReadByte();
            if (b < 0) return sb.Length > 0 ? sb.ToString() : null;
            if (b == '\n') return sb.ToString().TrimEnd('\r');
            if (sb.Length > 4096) return sb.ToString(); // a binary blob, not a header; the caller reports it
            sb.Append((char)b);
        }
    }

    static void CheckType(string type, string name, int line)
    {
        if (SizeOf(type) == 0) throw new SparException($"{name}:{line}: unsupported PLY property type '{type}'");
    }

    /// <summary>A corner index as read (any numeric type); fractional or out-of-int values become −1, reported by the caller.</summary>
    static int CornerIndex(double v) => v == Math.Floor(v) && v >= int.MinValue && v <= int.MaxValue ? (int)v : -1;

    static int SizeOf(string type) => type switch
    {
        "char" or "int8" or "uchar" or "uint8" => 1,
        "short" or "int16" or "ushort" or "uint16" => 2,
        "int" or "int32" or "uint" or "uint32" or "float" or "float32" => 4,
        "double" or "float64" => 8,
        _ => 0,
    };

    interface IBody
    {
        void ReadRecord(Element e, double[] values, long index);
        void SkipRecord(Element e);
        /// <summary>
        /// Reads one face record, adding the corners of its vertex list (property <paramref name="listProperty"/>);
        /// returns the scalar property <paramref name="valueProperty"/> (NaN when it is -1).
        /// </summary>
        double ReadFace(Element e, int listProperty, List<int> corners, long index, int valueProperty);
        /// <summary>File and line (ASCII) or file and record (binary) of the record just read, for messages.</summary>
        string Where(long index);
        string WhereFace(long index);
    }

    sealed class BinaryBody(Stream input, string name, bool bigEndian) : IBody
    {
        readonly byte[] _buf = new byte[8];

        public string Where(long index) => $"{name}: vertex record {index}";
        public string WhereFace(long index) => $"{name}: face record {index}";

        public double ReadFace(Element e, int listProperty, List<int> corners, long index, int valueProperty)
        {
            double value = double.NaN;
            for (int p = 0; p < e.Properties.Count; p++)
            {
                var prop = e.Properties[p];
                if (p != listProperty)
                {
                    if (prop.ListCountType != null) SkipList(prop, e, index);
                    else if (p == valueProperty) value = Scalar(prop.Type, e, index);
                    else Scalar(prop.Type, e, index);
                    continue;
                }
                double count = Scalar(prop.ListCountType!, e, index);
                if (count < 0 || count > 1 << 20) throw new SparException($"{name}: implausible PLY list length {count} in element '{e.Name}' at record {index}");
                for (int k = 0; k < (int)count; k++) corners.Add(CornerIndex(Scalar(prop.Type, e, index)));
            }
            return value;
        }

        public void ReadRecord(Element e, double[] values, long index)
        {
            for (int p = 0; p < e.Properties.Count; p++)
            {
                var prop = e.Properties[p];
                if (prop.ListCountType != null) { SkipList(prop, e, index); values[p] = double.NaN; }
                else values[p] = Scalar(prop.Type, e, index);
            }
        }

        public void SkipRecord(Element e)
        {
            foreach (var prop in e.Properties)
                if (prop.ListCountType != null) SkipList(prop, e, -1);
                else Scalar(prop.Type, e, -1);
        }

        void SkipList(Property prop, Element e, long index)
        {
            double count = Scalar(prop.ListCountType!, e, index);
            if (count < 0 || count > 1 << 20) throw new SparException($"{name}: implausible PLY list length {count} in element '{e.Name}'");
            for (int k = 0; k < (int)count; k++) Scalar(prop.Type, e, index);
        }

        double Scalar(string type, Element e, long index)
        {
            int size = SizeOf(type);
            var b = _buf.AsSpan(0, size);
            if (input.ReadAtLeast(b, size, throwOnEndOfStream: false) < size)
                throw new SparException($"{name}: PLY body truncated in element '{e.Name}'" + (index >= 0 ? $" at record {index} of {e.Count}" : ""));
            if (bigEndian && size > 1) b.Reverse();
            return type switch
            {
                "char" or "int8" => (sbyte)b[0],
                "uchar" or "uint8" => b[0],
                "short" or "int16" => BinaryPrimitives.ReadInt16LittleEndian(b),
                "ushort" or "uint16" => BinaryPrimitives.ReadUInt16LittleEndian(b),
                "int" or "int32" => BinaryPrimitives.ReadInt32LittleEndian(b),
                "uint" or "uint32" => BinaryPrimitives.ReadUInt32LittleEndian(b),
                "float" or "float32" => BinaryPrimitives.ReadSingleLittleEndian(b),
                _ => BinaryPrimitives.ReadDoubleLittleEndian(b),
            };
        }
    }

    sealed class AsciiBody(Stream input, string name, int headerLines) : IBody
    {
        readonly StreamReader _reader = new(input, Encoding.ASCII, false, 1 << 16, leaveOpen: true);
        int _line = headerLines;

        public string Where(long index) => $"{name}:{_line}";
        public string WhereFace(long index) => $"{name}:{_line}";

        public double ReadFace(Element e, int listProperty, List<int> corners, long index, int valueProperty)
        {
            var tokens = NextTokens(e, index);
            int t = 0;
            double value = double.NaN;
            for (int p = 0; p < e.Properties.Count; p++)
            {
                var prop = e.Properties[p];
                if (prop.ListCountType == null)
                {
                    double v = Number(tokens, t++, e);
                    if (p == valueProperty) value = v;
                    continue;
                }
                double count = Number(tokens, t++, e);
                if (count < 0 || count > 1 << 20 || count != Math.Floor(count)) throw new SparException($"{name}:{_line}: implausible PLY list length {count}");
                for (int k = 0; k < (int)count; k++)
                {
                    double v = Number(tokens, t++, e);
                    if (p == listProperty) corners.Add(CornerIndex(v));
                }
            }
            return value;
        }

        public void ReadRecord(Element e, double[] values, long index)
        {
            var tokens = NextTokens(e, index);
            int t = 0;
            for (int p = 0; p < e.Properties.Count; p++)
            {
                var prop = e.Properties[p];
                if (prop.ListCountType != null)
                {
                    int count = (int)Number(tokens, t++, e);
                    t += count;
                    values[p] = double.NaN;
                }
                else values[p] = Number(tokens, t++, e);
            }
        }

        public void SkipRecord(Element e) => NextTokens(e, -1);

        string[] NextTokens(Element e, long index)
        {
            string? text;
            do
            {
                text = _reader.ReadLine();
                _line++;
                if (text == null)
                    throw new SparException($"{name}:{_line}: PLY body ends early in element '{e.Name}'" + (index >= 0 ? $" at record {index} of {e.Count}" : ""));
            } while (text.Trim().Length == 0);
            return text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
        }

        double Number(string[] tokens, int t, Element e)
        {
            if (t >= tokens.Length) throw new SparException($"{name}:{_line}: PLY '{e.Name}' line has too few values ({tokens.Length})");
            if (!double.TryParse(tokens[t], NumberStyles.Float, CultureInfo.InvariantCulture, out double v))
                throw new SparException($"{name}:{_line}: PLY value '{tokens[t]}' is not a number");
            return v;
        }
    }
}
