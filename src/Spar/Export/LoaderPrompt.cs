using System.Text;
using Spar.Catalog;
using Spar.Dataset;

namespace Spar.Export;

public enum SampleKind { Single, Multi, Video }

/// <summary>A record's question with image tokens placed as SPAR's reference loader does (format.md §5).</summary>
public sealed record LoaderPrompt(SampleKind Kind, string Question, int ImageCount)
{
    public const string ImageToken = "<image>";
    public const string VideoToken = "<video>";

    /// <summary>Number of <c>&lt;image&gt;</c> tokens in the question.</summary>
    public int TokenCount => Count(Question, ImageToken);

    /// <summary>
    /// Dispatch: a task whose catalogue loader is video (nav) → video whatever the count; more than 10 images → video; 2–10 → multi; 1 → single.
    /// Single and multi prepend <c>&lt;image&gt;\n</c> per image unless the question already has any; video
    /// prepends <c>&lt;video&gt;\n</c> when absent and expands each <c>&lt;video&gt;\n</c> into
    /// <c>Frame-1: &lt;image&gt;\n…Frame-n: &lt;image&gt;\n</c>.
    /// </summary>
    public static LoaderPrompt Build(string type, string question, int images)
    {
        if (images <= 0) throw new ArgumentOutOfRangeException(nameof(images), "a record without images has no loader prompt");
        bool video = TaskCatalog.TryGet(type, out var task) && task.Loader == LoaderKind.Video;
        if (video || images > 10)
        {
            var q = question.Contains(VideoToken, StringComparison.Ordinal) ? question : VideoToken + "\n" + question;
            var frames = new StringBuilder();
            for (int i = 1; i <= images; i++)
            {
                if (i > 1) frames.Append('\n');
                frames.Append("Frame-").Append(i).Append(": ").Append(ImageToken);
            }
            frames.Append('\n');
            return new(SampleKind.Video, q.Replace(VideoToken + "\n", frames.ToString(), StringComparison.Ordinal), images);
        }
        if (images == 1)
            return new(SampleKind.Single, question.Contains(ImageToken, StringComparison.Ordinal) ? question : ImageToken + "\n" + question, 1);
        if (question.Contains(ImageToken, StringComparison.Ordinal)) return new(SampleKind.Multi, question, images);
        return new(SampleKind.Multi, string.Concat(Enumerable.Repeat(ImageToken + "\n", images)) + question, images);
    }

    static int Count(string s, string token)
    {
        int n = 0;
        for (int i = s.IndexOf(token, StringComparison.Ordinal); i >= 0; i = s.IndexOf(token, i + token.Length, StringComparison.Ordinal)) n++;
        return n;
    }
}
