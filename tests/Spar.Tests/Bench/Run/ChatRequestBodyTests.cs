using Spar.Bench.SparBench;
using System.Text;
using Spar.Bench.Run;
using static Spar.Tests.Bench.Run.RunFixtures;

namespace Spar.Tests.Bench.Run;

/// <summary>The request as it arrives at the server, compared byte for byte with bodies written out by hand from bench.md §3.</summary>
public sealed class ChatRequestBodyTests
{
    const string JpegUrl = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/jpeg;base64,/9j/4AAQSkY=\"}},";
    const string PngUrl = "{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,iVBORw0KGgoAAAAN\"}},";

    static string Expected(string images, string escapedPrompt) =>
        "{\"model\":\"qwen2.5-vl-7b\",\"messages\":[{\"role\":\"user\",\"content\":[" + images +
        "{\"type\":\"text\",\"text\":\"" + escapedPrompt + "\"}]}],\"max_tokens\":100,\"temperature\":0,\"top_p\":1}";

    public static TheoryData<string, string, string[], string, string> Cases => new()
    {
        {
            "obj_spatial_relation_oo",
            "Where is the \"sofa\" (red bbox) relative to the 2 m² rug (blue bbox)?\nA. left, above, closer\nB. right, , farther\nYour answer can only include one of options A or B.",
            ["jpeg"],
            JpegUrl,
            "\\nWhere is the \\\"sofa\\\" (red bbox) relative to the 2 m² rug (blue bbox)?\\nA. left, above, closer\\nB. right, , farther\\nYour answer can only include one of options A or B.\\n\\nAnswer with the option's letter from the given choices directly."
        },
        {
            "position_matching",
            "Which box in the second image shows the object in the red box?\nA. [330, 548, 387, 710]\nB. [12, 40, 300, 512]",
            ["jpeg", "png"],
            JpegUrl + PngUrl,
            "\\nWhich box in the second image shows the object in the red box?\\nA. [330, 548, 387, 710]\\nB. [12, 40, 300, 512]\\nThe values represent the bounding box coordinates normalized to a 0-1000 scale, with the top-left corner as the origin of the image.\\nAnswer with the option's letter from the given choices directly."
        },
        {
            "camera_motion_infer",
            "Where is the second camera?\nA. (512,430) 1.8\nB. (100,200) 0.9",
            ["png", "png"],
            PngUrl + PngUrl,
            "\\nWhere is the second camera?\\nA. (512,430) 1.8\\nB. (100,200) 0.9\\nThe values represent the bounding box coordinates normalized to a 0-1000 scale, with the top-left corner as the origin of the image.\\nAnswer with the option's letter from the given choices directly."
        },
        {
            "depth_prediction_oc_mv",
            "With the counter (red point) having a depth of 1.6 meters, determine the depth of towel (blue point).  Calculate or judge based on the 3D center points of these objects. The unit is meter.",
            ["png", "jpeg", "jpeg"],
            PngUrl + JpegUrl + JpegUrl,
            "\\nWith the counter (red point) having a depth of 1.6 meters, determine the depth of towel (blue point).  Calculate or judge based on the 3D center points of these objects. The unit is meter.\\nPlease answer the question using a single word or phrase."
        },
        {
            "view_change_infer",
            "How did the camera move from the first image to the second?\tAnswer per axis.",
            ["jpeg", "png"],
            JpegUrl + PngUrl,
            "\\nHow did the camera move from the first image to the second?\\tAnswer per axis.\\n\\n"
        },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Body_arrives_exactly_as_the_prompt_spec_says(string task, string question, string[] imageKinds, string expectedImages, string expectedPrompt)
    {
        await using var server = new FakeChatServer((_, _) => new Reply.Answer("A"));
        var images = imageKinds.Select(k => k == "jpeg" ? Jpeg : Png).ToArray();
        var item = Item(7, task, question, "A", images);
        using var model = new ChatCompletionsModel(Options(server), Spar.Bench.SparBench.BenchPrompt.Build);

        var answer = await model.AnswerAsync(item, TestContext.Current.CancellationToken);

        Assert.True(answer.Ok, answer.Error);
        var seen = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", seen.Path);
        Assert.Equal(Expected(expectedImages, expectedPrompt), Encoding.UTF8.GetString(seen.Body));
    }

    [Fact]
    public void Images_are_sniffed_not_trusted_by_name()
    {
        Assert.Equal("image/jpeg", ImageMime.Sniff(Jpeg));
        Assert.Equal("image/png", ImageMime.Sniff(Png));
        Assert.Null(ImageMime.Sniff("GIF89a"u8));
        Assert.Null(ImageMime.Sniff([0xFF, 0xD8]));
        Assert.Null(ImageMime.Sniff([]));
    }

    [Fact]
    public void An_image_that_is_neither_jpeg_nor_png_is_an_error_naming_the_item()
    {
        var item = Item(42, "depth_prediction_oc", "Q", "1", "GIF89a..."u8.ToArray());
        var e = Assert.Throws<Spar.Util.SparException>(() => ChatRequestBody.Build("m", "p", item, new GenerationSettings()));
        Assert.Contains("item 42", e.Message);
        Assert.Contains("image 0", e.Message);
    }

    [Fact]
    public void Unknown_task_is_an_error_naming_the_item()
    {
        var e = Assert.Throws<Spar.Util.SparException>(() => Spar.Bench.SparBench.BenchPrompt.Build(Item(3, "Depth_Prediction_OC", "Q", "1", Jpeg)));
        Assert.Contains("item 3", e.Message);
        Assert.Contains("Depth_Prediction_OC", e.Message);
    }

    [Theory]
    [InlineData("http://h:8000/v1", "http://h:8000/v1/chat/completions")]
    [InlineData("http://h:8000/v1/", "http://h:8000/v1/chat/completions")]
    [InlineData("https://api.example.com/v1/chat/completions", "https://api.example.com/v1/chat/completions")]
    [InlineData("http://h:8000", "http://h:8000/chat/completions")]
    public void Endpoint_accepts_a_base_url_or_the_full_url(string given, string expected) =>
        Assert.Equal(expected, EndpointPool.ChatCompletionsUrl(given).ToString());

    [Fact]
    public void Endpoint_that_is_not_http_is_an_error() =>
        Assert.Throws<Spar.Util.SparException>(() => EndpointPool.ChatCompletionsUrl("localhost:8000"));

    internal static ChatModelOptions Options(params FakeChatServer[] servers) =>
        new("qwen2.5-vl-7b", [.. servers.Select(s => EndpointPool.ChatCompletionsUrl(s.BaseUrl.ToString()))], null,
            new GenerationSettings(), TimeSpan.FromSeconds(10), new RetryPolicy(3, TimeSpan.FromMilliseconds(1), TimeSpan.FromMilliseconds(4), TimeSpan.FromMinutes(5)));
}
