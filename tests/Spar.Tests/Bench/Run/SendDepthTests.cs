using System.Text.Json;
using SixLabors.ImageSharp;
using SixLabors.ImageSharp.PixelFormats;
using Spar.Bench.Build;
using Spar.Bench.Run;
using Spar.Cli;

namespace Spar.Tests.Bench.Run;

/// <summary>
/// <c>bench run --send-depth</c> (issue 23): each image's depth map goes to the server as an extra image part, after the
/// images and a label, before the unchanged prompt; a benchmark without depth is refused (exit 2).
/// </summary>
public sealed class SendDepthTests
{
    static (int Code, string Out, string Err) Cli(params string[] args)
    {
        var (o, e) = (new StringWriter(), new StringWriter());
        int code = SparCli.Run(args, o, e);
        return (code, o.ToString(), e.ToString());
    }

    /// <summary>The content parts of a request: (type, text or decoded data-URL bytes).</summary>
    static List<(string Type, string? Text, byte[]? Image)> Parts(byte[] body)
    {
        using var doc = JsonDocument.Parse(body);
        var parts = new List<(string, string?, byte[]?)>();
        foreach (var part in doc.RootElement.GetProperty("messages")[0].GetProperty("content").EnumerateArray())
        {
            var type = part.GetProperty("type").GetString()!;
            if (type == "text") parts.Add((type, part.GetProperty("text").GetString(), null));
            else
            {
                var url = part.GetProperty("image_url").GetProperty("url").GetString()!;
                parts.Add((type, url[..url.IndexOf(',')], Convert.FromBase64String(url[(url.IndexOf(',') + 1)..])));
            }
        }
        return parts;
    }

    [Theory]
    [InlineData("folder")] // depth read from the folder form's 16-bit PNGs
    [InlineData("parquet")] // depth read from the parquet's float32 metres
    public async Task Depth_parts_follow_the_images_in_order_as_16_bit_millimetre_pngs(string form)
    {
        using var dir = new TestPaths.TempDir();
        BenchBuilder.Build(Tests.Bench.BenchRgbdBuildTests.Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null) { Rgbd = true });
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("1.0"));

        var run = await Task.Run(() => Cli("bench", "run", dir[$"out/{form}"], "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--send-depth",
            "--concurrency", "1", "--out", dir["p.jsonl"]), TestContext.Current.CancellationToken);

        Assert.True(run.Code == 0, run.Err);
        Assert.Equal(7, server.Requests.Count);
        foreach (var request in server.Requests)
        {
            var parts = Parts(request.Body);
            var prompt = parts[^1];
            var frames = Tests.Bench.BenchRgbdBuildTests.FramesOf(prompt.Text!.Split('\n')[1]);
            int n = frames.Length;
            // [image × n, label, depth × n, prompt]: the colour images first as without the flag, the prompt last and unchanged.
            Assert.Equal([.. Enumerable.Repeat("image_url", n), "text", .. Enumerable.Repeat("image_url", n), "text"], parts.Select(p => p.Type));
            Assert.Equal(ChatRequestBody.DepthLabel(n), parts[n].Text);
            Assert.Contains("in millimetres", parts[n].Text);
            Assert.Equal(Spar.Bench.SparBench.BenchPrompt.Build(prompt.Text.Contains("view_change_infer") ? "view_change_infer" : "depth_prediction_oc", prompt.Text.Split('\n')[1]), prompt.Text);
            for (int k = 0; k < n; k++)
            {
                var depth = parts[n + 1 + k];
                Assert.Equal("data:image/png;base64", depth.Text);
                using var png = Image.Load<L16>(depth.Image!);
                Assert.Equal((Tests.Bench.BenchRgbdBuildTests.DepthW, Tests.Bench.BenchRgbdBuildTests.DepthH), (png.Width, png.Height));
                Assert.Equal(16, png.Metadata.GetPngMetadata().BitDepth switch { SixLabors.ImageSharp.Formats.Png.PngBitDepth.Bit16 => 16, _ => 0 });
                // The scene's own millimetres, pixel for pixel (0 where the sensor had none).
                for (int y = 0; y < png.Height; y++)
                    for (int x = 0; x < png.Width; x++)
                        Assert.Equal(Tests.Bench.BenchRgbdBuildTests.Mm(frames[k], x, y), png[x, y].PackedValue);
            }
        }
    }

    [Fact]
    public async Task A_server_image_limit_names_the_count_with_the_depth_maps()
    {
        using var dir = new TestPaths.TempDir();
        BenchBuilder.Build(Tests.Bench.BenchRgbdBuildTests.Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null) { Rgbd = true });
        await using var server = FailureReasonTests.DefaultVllm(() => true); // one image per request

        var run = await Task.Run(() => Cli("bench", "run", dir["out"], "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--send-depth", "--out", dir["p.jsonl"]),
            TestContext.Current.CancellationToken);

        Assert.Equal(1, run.Code);
        Assert.Contains("7 items: 0 already done, 0 ok, 7 failed", run.Out); // even a single view sends two images
        // The two-view rows send four image parts: the fix names that, not the colour images' three.
        Assert.Contains("--limit-mm-per-prompt '{\"image\":4}'", run.Err);
        Assert.Contains("with their depth maps", run.Err);
    }

    [Fact]
    public async Task Without_the_flag_an_rgbd_benchmark_is_sent_as_images_and_prompt_only()
    {
        using var dir = new TestPaths.TempDir();
        BenchBuilder.Build(Tests.Bench.BenchRgbdBuildTests.Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null) { Rgbd = true });
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("1.0"));

        var run = await Task.Run(() => Cli("bench", "run", dir["out"], "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--out", dir["p.jsonl"]),
            TestContext.Current.CancellationToken);

        Assert.True(run.Code == 0, run.Err);
        Assert.All(server.Requests, r =>
        {
            var types = Parts(r.Body).Select(p => p.Type).ToList();
            Assert.Equal("text", types[^1]);
            Assert.Equal(1, types.Count(t => t == "text"));
            Assert.Equal(r.ImageCount, types.Count - 1);
        });
    }

    [Fact]
    public async Task A_benchmark_without_depth_is_refused_before_any_request_or_file()
    {
        using var dir = new TestPaths.TempDir();
        BenchBuilder.Build(Tests.Bench.BenchRgbdBuildTests.Tree(dir), dir["out"], new BenchBuildOptions(PerTask: 10, Tiny: null)); // RGB only
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("1.0"));

        var run = await Task.Run(() => Cli("bench", "run", dir["out"], "--endpoint", server.BaseUrl.ToString(), "--model", "m", "--send-depth", "--out", dir["p.jsonl"]),
            TestContext.Current.CancellationToken);

        Assert.Equal(2, run.Code);
        Assert.Contains($"{dir["out/parquet"]}: the benchmark has no depth column; --send-depth needs an RGBD benchmark", run.Err);
        Assert.Empty(server.Requests);
        Assert.False(File.Exists(dir["p.jsonl"]));

        var offline = Cli("bench", "run", dir["out"], "--model", "random", "--send-depth", "--out", dir["p.jsonl"]);
        Assert.Equal(2, offline.Code);
        Assert.Contains("--send-depth sends depth to a served model: it needs --endpoint", offline.Err);
    }
}
