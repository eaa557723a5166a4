using Spar.Bench;

namespace Spar.Tests.Bench;

/// <summary>Small hand-made benchmark rows for reader, writer and scorer tests.</summary>
static class BenchFixtures
{
    public static byte[] FakePng(int seed) => [0x89, (byte)'P', (byte)'N', (byte)'G', 13, 10, 26, 10, (byte)seed, (byte)(seed >> 8), 1, 2, 3];

    public static byte[] FakeJpeg(int seed) => [0xFF, 0xD8, 0xFF, 0xE0, (byte)seed, 7, 7];

    public static BenchItem Item(long id, string task, string answer, int images = 1, string? question = null, string? path = null) =>
        new(id, task, Spar.Bench.Data.BenchColumns.DefaultFormatType(task), Spar.Bench.Data.BenchColumns.DefaultImageType(task), "scannet",
            Enumerable.Range(0, images).Select(k =>
            {
                var b = k % 2 == 0 ? FakePng((int)id * 10 + k) : FakeJpeg((int)id * 10 + k);
                return new BenchImage(() => b, path is null ? null : $"{path}_{k}");
            }).ToList(),
            question ?? $"Question {id} about the red point.\nA. left\nB. right", answer);

    public static List<BenchItem> Sample() =>
    [
        Item(0, "depth_prediction_oc", "1.6"),
        Item(1, "obj_spatial_relation_oo", "A", question: "Which is \"closer\"?\tTab\nA. chair\nB. desk"),
        Item(2, "view_change_infer", "move_right:0,move_down:0,rotate_left:15", images: 2, path: "scene0011_00"),
        Item(3, "spatial_imagination_oo_mv", "C", images: 3),
    ];

    public static void AssertSameItems(IReadOnlyList<BenchItem> expected, IReadOnlyList<BenchItem> actual, bool comparePaths = true)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var e = expected[i];
            var a = actual[i];
            Assert.Equal((e.Id, e.Task, e.FormatType, e.ImageType, e.Source, e.Question, e.Answer),
                (a.Id, a.Task, a.FormatType, a.ImageType, a.Source, a.Question, a.Answer));
            Assert.Equal(e.Images.Count, a.Images.Count);
            for (int k = 0; k < e.Images.Count; k++)
            {
                Assert.Equal(e.Images[k].Bytes(), a.Images[k].Bytes());
                if (comparePaths) Assert.Equal(e.Images[k].Path, a.Images[k].Path);
            }
        }
    }
}
