using Spar.Analysis;
using Spar.Dataset;
using Spar.Dataset.Audit;
using Spar.Geometry;
using Spar.Scenes;
using Spar.Imaging;

namespace Spar.Tests.Dataset.Audit;

/// <summary>
/// Visibility and near-threshold checks on a hand-built scene: one 200×100 camera at (0, 0, 1) looking along world +Y
/// (camera x = world X, camera y = world −Z), thin panels facing it at Y = 2 or 3, and a mask painted here from the
/// panels' front faces (not by the code under test).
/// </summary>
public sealed class AuditSceneTests
{
    const int W = 200, H = 100;
    const double F = 100, Cx = 99.5, Cy = 49.5, Thick = 0.01;

    static readonly Mat4 Pose = new(1, 0, 0, 0, 0, 0, 1, 0, 0, -1, 0, 1, 0, 0, 0, 1);

    /// <summary>A panel: centre X, distance Y, centre height Z, width (X) and height (Z).</summary>
    sealed record Panel(int Id, double X, double Y, double Z, double Width, double Height)
    {
        public double Front => Y - Thick / 2;
        public double U(double x) => F * x / Front + Cx;
        public double V(double z) => F * (1 - z) / Front + Cy;
        public (double U0, double U1, double V0, double V1) Face => (U(X - Width / 2), U(X + Width / 2), V(Z + Height / 2), V(Z - Height / 2));
        public bool Covers(int i, int j) => i >= Face.U0 && i <= Face.U1 && j >= Face.V0 && j <= Face.V1;
        public SceneObject Object => new(Id, "panel", new OrientedBox(new Vec3(X, Y, Z), new Vec3(Width, Thick, Height), 0));
    }

    static readonly Panel HalfOut = new(1, 2.0, 2, 1, 1.0, 0.5);       // right half beyond the image's right edge (x = 1.995 at the front face)
    static readonly Panel Whole = new(2, 0, 2, 1, 0.6, 0.4);
    static readonly Panel MostlyOut = new(3, -2.395 + 0.1, 2, 1, 1.0, 0.3); // 0.2 m of its 1 m inside the left edge (x = −1.995)
    static readonly Panel NearBlue = new(4, -0.8, 3, 1.3, 0.1, 0.1), NearRed = new(5, -0.8 + 0.17, 3, 1.3, 0.1, 0.1);
    static readonly Panel FarBlue = new(6, 0.5, 3, 1.3, 0.1, 0.1), FarRed = new(7, 1.0, 3, 1.3, 0.1, 0.1);
    static readonly Panel[] Panels = [HalfOut, Whole, MostlyOut, NearBlue, NearRed, FarBlue, FarRed];

    static ushort[] PaintMask()
    {
        var mask = new ushort[W * H];
        for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++)
            foreach (var p in Panels)
                if (p.Covers(i, j)) mask[j * W + i] = (ushort)p.Id;
        return mask;
    }

    static PinholeCamera Camera => PinholeCamera.Create(new CameraIntrinsics(F, F, Cx, Cy), Pose, W, H);

    /// <summary>The grid box of a panel's painted pixels, written the way spar writes boxes: round((i + 0.5) / W · 1000).</summary>
    static string GridBox(ushort[] mask, int id)
    {
        int x0 = W, y0 = H, x1 = -1, y1 = -1;
        for (int j = 0; j < H; j++)
        for (int i = 0; i < W; i++)
            if (mask[j * W + i] == id) { x0 = Math.Min(x0, i); x1 = Math.Max(x1, i); y0 = Math.Min(y0, j); y1 = Math.Max(y1, j); }
        int G(int px, int size) => (int)Math.Round((px + 0.5) / size * 1000);
        return $"[[{G(x0, W)}, {G(y0, H)}, {G(x1, W)}, {G(y1, H)}]]";
    }

    static (string Tree, string Scenes) Build(TestPaths.TempDir dir)
    {
        var mask = PaintMask();
        var images = dir["spar/synthetic/images"];
        var frame = new SceneFrame(0, "hand/image_color/0.jpg", W, H, new CameraIntrinsics(F, F, Cx, Cy), Pose, InstanceMaskPath: "hand/image_instance/0.png");
        var scene = new Scene("hand", "synthetic", null, Panels.Select(p => p.Object).ToList(), [frame]);
        Directory.CreateDirectory(Path.Combine(images, "hand", "image_instance"));
        Png16.Write(Path.Combine(images, "hand", "image_instance", "0.png"), W, H, mask);
        SceneJson.Write(scene, Path.Combine(images, "hand", SceneJson.FileName));
        var t = new TreeBuilder(dir["spar"]);
        string[] img = ["hand/image_color/0.jpg"];
        t.Lines("synthetic", "train", "spatial_volume_infer", "fill",
            [.. new[] { HalfOut, Whole, MostlyOut }.Select(p =>
                TreeBuilder.Record($"v{p.Id}", "spatial_volume_infer", "How big is the panel (red bbox)?", "100, 1, 50", img, $"\"red_bbox\": {GridBox(mask, p.Id)}"))]);
        t.Lines("synthetic", "train", "obj_spatial_relation_oo", "sentence",
            TreeBuilder.Record("near", "obj_spatial_relation_oo", "Where is the panel (red bbox) relative to the panel (blue bbox)?", "right", img,
                $"\"red_bbox\": {GridBox(mask, NearRed.Id)}, \"blue_bbox\": {GridBox(mask, NearBlue.Id)}"),
            TreeBuilder.Record("far", "obj_spatial_relation_oo", "Where is the panel (red bbox) relative to the panel (blue bbox)?", "right", img,
                $"\"red_bbox\": {GridBox(mask, FarRed.Id)}, \"blue_bbox\": {GridBox(mask, FarBlue.Id)}"));
        return (dir["spar"], images);
    }

    static long Painted(ushort[] mask, int id) => mask.LongCount(v => v == id);

    [Fact]
    public void A_box_half_outside_the_image_is_half_visible()
    {
        var mask = PaintMask();
        var cam = Camera;
        var (u0, u1, v0, v1) = HalfOut.Face;
        Assert.True(u0 < W - 0.5 && u1 > W - 0.5, "the fixture's panel must cross the right edge");
        double faceArea = (u1 - u0) * (v1 - v0);
        double inImage = (W - 0.5 - u0) / (u1 - u0);
        var share = Silhouette.Measure(HalfOut.Object, cam, (x, y) => mask[y * W + x], W, H, Painted(mask, HalfOut.Id), _ => null);
        // The thin box's silhouette is its front face (the back face, 1 cm farther, lies inside it).
        Assert.Equal(faceArea, share.WholeArea, faceArea * 0.01);
        Assert.Equal(inImage, share.InImageArea / share.WholeArea, 0.01);
        Assert.Equal(Painted(mask, HalfOut.Id) / faceArea, share.Silhouette, 0.01);
        Assert.Equal(inImage, share.ThinRule, 0.01);
        Assert.InRange(share.Share, 0.47, 0.53);

        var whole = Silhouette.Measure(Whole.Object, cam, (x, y) => mask[y * W + x], W, H, Painted(mask, Whole.Id), _ => null);
        Assert.InRange(whole.Share, 0.95, 1.0);
        var mostly = Silhouette.Measure(MostlyOut.Object, cam, (x, y) => mask[y * W + x], W, H, Painted(mask, MostlyOut.Id), _ => null);
        Assert.InRange(mostly.Share, 0.17, 0.23);
    }

    [Fact]
    public void A_box_reaching_behind_the_camera_counts_its_unbounded_part_as_hidden()
    {
        // A 4 m long box from 1 m in front of the camera to 3 m behind it: its outline is clipped at the near plane.
        var box = new OrientedBox(new Vec3(0.3, 1.0 - 2.0 + 1.0, 1), new Vec3(0.2, 4.0, 0.2), 0);
        var outline = Silhouette.Outline(box, Camera);
        Assert.NotNull(outline);
        double area = Silhouette.Area(outline!);
        Assert.True(area > W * H, $"outline area {area}");
        Assert.Null(Silhouette.Outline(new OrientedBox(new Vec3(0, -3, 1), new Vec3(1, 1, 1), 0), Camera));
    }

    [Fact]
    public void A_box_names_the_object_it_is_drawn_around_not_the_one_filling_it()
    {
        // A far shelf (id 1) seen in two strips left and right of a nearer box (id 2) that fills most of the shelf's
        // box; a small lamp (id 3) elsewhere. The generator draws a box around an object's visible pixels, so the
        // shelf's box holds 2 × 10 × 20 shelf pixels and 40 × 20 pixels of the nearer box.
        const int w = 100, h = 50;
        var values = new ushort[w * h];
        void Fill(int x0, int y0, int x1, int y1, ushort id)
        {
            for (int y = y0; y <= y1; y++)
            for (int x = x0; x <= x1; x++) values[y * w + x] = id;
        }
        Fill(10, 10, 69, 29, 1);
        Fill(20, 5, 59, 40, 2);   // taller than the shelf: its own bounds are not the shelf's
        Fill(80, 40, 85, 45, 3);
        var mask = new FrameMask(w, h, values);
        int G(int px, int size) => (int)Math.Round((px + 0.5) / size * 1000);
        var shelfBox = new Marker("red", 0, [G(10, w), G(10, h), G(69, w), G(29, h)]);
        var nearBox = new Marker("blue", 0, [G(20, w), G(5, h), G(59, w), G(40, h)]);
        // The nearer object fills the shelf's box (800 of 1,200 pixels) but the box is the shelf's outline.
        Assert.Equal(1, SceneStreamAudit.InstanceAt(shelfBox, mask));
        Assert.Equal(2, SceneStreamAudit.InstanceAt(nearBox, mask));
        Assert.Equal(3, SceneStreamAudit.InstanceAt(new Marker("green", 0, [G(80, w), G(40, h), G(85, w), G(45, h)]), mask));
        Assert.Equal(0, SceneStreamAudit.InstanceAt(new Marker("green", 0, [G(90, w), G(2, h), G(95, w), G(4, h)]), mask));
        // A point keeps the pixel rule: on the nearer object inside the shelf's outline it names the nearer object.
        Assert.Equal(2, SceneStreamAudit.InstanceAt(new Marker("red", 0, [G(40, w), G(20, h)]), mask));
        Assert.Equal(1, SceneStreamAudit.InstanceAt(new Marker("red", 0, [G(12, w), G(20, h)]), mask));
    }

    [Fact]
    public void Near_threshold_offsets_and_bearings()
    {
        var s = AuditSettings.Default;
        Assert.True(new Decision("x", 0.17).IsNear(s));
        Assert.True(new Decision("x", 0.11).IsNear(s));
        Assert.False(new Decision("x", 0.5).IsNear(s));
        Assert.False(new Decision("x", 0.05).IsNear(s));
        // A bearing slot at 11° flips within ±3°; at 20° (and 1 m aside) it does not; 0.12 m aside flips on the offset.
        Assert.True(new Decision("b", 1.0, 11).IsNear(s));
        Assert.False(new Decision("b", 1.0, 20).IsNear(s));
        Assert.True(new Decision("b", 0.12, 45).IsNear(s));
        Assert.False(new Decision("b", 0.02, 1).IsNear(s));
    }

    [Fact]
    public void A_farthest_choice_is_judged_at_the_far_end_of_the_ranking()
    {
        // objectA at the origin; candidates at 1.0, 1.16 and 3.0 m. The two closest are 0.16 m apart (inside the band),
        // the two farthest 1.84 m apart: "farthest" is clear, "closest" is not. The audit used to read the closest
        // end for both questions and flagged clear farthest questions of distance_infer_center_oo_video as near.
        var cam = PinholeCamera.Create(new CameraIntrinsics(100, 100, 100, 50), Mat4.Identity, 200, 100);
        var objects = new Dictionary<string, PlacedObject>(StringComparer.Ordinal)
        {
            ["objectA"] = new(new Vec3(0, 0, 0), cam),
            ["object0"] = new(new Vec3(1.0, 0, 0), cam),
            ["object1"] = new(new Vec3(0, 1.16, 0), cam),
            ["object2"] = new(new Vec3(0, 0, 3.0), cam),
        };
        string[] order = ["objectA", "object0", "object1", "object2"];
        var s = AuditSettings.Default;
        var far = NearThreshold.Decisions("distance_infer_center_oo_video", objects, cam, order,
            "Which of these objects is farthest from the lamp (objectA) in Frame-3: …?")!;
        var d = Assert.Single(far);
        Assert.Equal(3.0 - 1.16, d.Offset, 9);
        Assert.False(d.IsNear(s));
        var close = NearThreshold.Decisions("distance_infer_center_oo_video", objects, cam, order,
            "Which of these objects is closest to the lamp (objectA) in Frame-3: …?")!;
        Assert.Equal(0.16, Assert.Single(close).Offset, 9);
        Assert.True(close[0].IsNear(s));
        // A wording that names neither end is judged at both (an upper bound).
        Assert.Equal(2, NearThreshold.Decisions("distance_infer_center_oo_video", objects, cam, order, "Pick one.")!.Count);
    }

    [Fact]
    public void The_audit_measures_marked_objects_and_relations_from_the_scene()
    {
        using var dir = new TestPaths.TempDir();
        var (tree, scenes) = Build(dir);
        var report = Auditor.Run(SparTree.Open(tree), null, null, [scenes], AuditSettings.Default with { Threads = 2 });

        var volume = report.Streams.Single(s => s.Type == "spatial_volume_infer").Visibility!;
        Assert.Equal(3, volume.Marked);
        Assert.Equal(3, volume.Measured);
        Assert.Empty(volume.Unresolved);
        Assert.Equal(1, volume.BelowLow);          // the panel 80 % outside the image
        Assert.Equal(1, volume.Histogram[10]);     // half outside: 50–55 %
        Assert.Equal(1, volume.Histogram[19]);     // fully seen
        Assert.Equal(1, volume.Histogram[4]);      // 20–25 %
        Assert.Contains("[v3] red = panel #3", volume.Worst[0]);

        var relation = report.Streams.Single(s => s.Type == "obj_spatial_relation_oo");
        var near = relation.Near!;
        Assert.Equal(2, near.Records);
        Assert.Equal(1, near.RecordsNear);         // red 0.17 m right of blue: inside 0.15 ± 0.05 m; the 0.5 m pair is not
        Assert.Equal(6, near.Decisions);
        Assert.Equal(1, near.DecisionsNear);
        Assert.Contains("[near] left/right 0.170 m", near.Examples.Single());
        Assert.Equal(4, relation.Visibility!.Measured);

        Assert.NotNull(report.Scenes);
        Assert.Equal(7, report.Scenes!.Measured);
        Assert.Equal(0, report.Scenes.Failures);
    }

    [Fact]
    public void Records_of_scenes_not_given_are_counted_as_unresolved()
    {
        using var dir = new TestPaths.TempDir();
        var (tree, scenes) = Build(dir);
        var t = new TreeBuilder(tree);
        t.Lines("synthetic", "val", "spatial_volume_infer", "fill",
            TreeBuilder.Record("x", "spatial_volume_infer", "How big is the panel (red bbox)?", "1, 1, 1", ["other/image_color/0.jpg"], "\"red_bbox\": [[1, 1, 9, 9]]"));
        var report = Auditor.Run(SparTree.Open(tree), null, null, [scenes], AuditSettings.Default);
        var v = report.Streams.Single(s => s.Type == "spatial_volume_infer").Visibility!;
        Assert.Equal(4, v.Marked);
        Assert.Equal(3, v.Measured);
        Assert.Equal(1, v.Unresolved["scene not among --scenes"]);
        Assert.False(report.HasFailures);
    }

    [Fact]
    public void A_marker_that_cannot_be_placed_is_counted_not_dropped()
    {
        // Five coordinates is not a box: the catalogue's layout reading (what validate reports) cannot place it. Before
        // the audit read markers through the catalogue it dropped such a marker without counting it.
        using var dir = new TestPaths.TempDir();
        var (tree, scenes) = Build(dir);
        var t = new TreeBuilder(tree);
        t.Lines("synthetic", "val", "spatial_volume_infer", "fill",
            TreeBuilder.Record("bad", "spatial_volume_infer", "How big is the panel (red bbox)?", "1, 1, 1", ["hand/image_color/0.jpg"], "\"red_bbox\": [[1, 1, 9, 9, 9]]"));
        var report = Auditor.Run(SparTree.Open(tree), null, null, [scenes], AuditSettings.Default);
        var v = report.Streams.Single(s => s.Type == "spatial_volume_infer").Visibility!;
        Assert.Equal(4, v.Marked);
        Assert.Equal(3, v.Measured);
        Assert.Equal(1, v.Unresolved["marker not readable (spar validate names the problem)"]);
    }

    [Fact]
    public void An_unreadable_mask_is_a_named_failure()
    {
        using var dir = new TestPaths.TempDir();
        var (tree, scenes) = Build(dir);
        File.WriteAllText(Path.Combine(scenes, "hand", "image_instance", "0.png"), "not a png");
        var report = Auditor.Run(SparTree.Open(tree), null, null, [scenes], AuditSettings.Default);
        Assert.True(report.HasFailures);
        Assert.Contains(report.Scenes!.FailureMessages, m => m.Contains("0.png", StringComparison.Ordinal) && m.Contains("not a PNG", StringComparison.Ordinal));
        Assert.Equal(7, report.Streams.Sum(s => s.Visibility?.Unresolved.GetValueOrDefault("instance mask unreadable") ?? 0));
    }
}
