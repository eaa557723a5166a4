using System.Diagnostics;
using System.Runtime.InteropServices;
using Spar.Drawing;
using Spar.Tests.Dataset;
using Spar.Imaging;

namespace Spar.Tests.Drawing;

/// <summary>
/// SPAR_JPEG picks the JPEG codec for a whole process, so these tests run `spar draw` as a child process and read
/// which codec it says it used.
/// </summary>
public sealed class JpegCodecChoiceTests
{
    static (int Exit, string Output, string Error) Draw(TestPaths.TempDir dir, string jpegSetting)
    {
        var records = dir["records.jsonl"];
        if (!File.Exists(records))
        {
            var img = RgbaImage.Solid(64, 48, new Rgb(90, 120, 150));
            Directory.CreateDirectory(dir["images/s"]);
            using (var jpeg = File.Create(dir["images/s/0.jpg"])) ImageCodec.EncodeJpegSkia(img, jpeg, 90);
            File.WriteAllText(records, TreeBuilder.Record("a", "distance_prediction_oc", "How far?", "2", ["s/0.jpg"], "\"red_point\": [[500, 500]]") + "\n");
        }
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            ArgumentList = { "exec", Path.Combine(AppContext.BaseDirectory, "Spar.Cli.dll"), "draw", records, "--images-root", dir["images"], "--out", dir["out-" + jpegSetting] },
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            Environment = { ["SPAR_JPEG"] = jpegSetting },
        };
        using var child = Process.Start(start)!;
        var output = child.StandardOutput.ReadToEndAsync();
        var error = child.StandardError.ReadToEndAsync();
        Assert.True(child.WaitForExit(TimeSpan.FromSeconds(60)), "spar draw did not finish");
        return (child.ExitCode, output.Result, error.Result);
    }

    [Fact]
    public void Spar_jpeg_imagesharp_turns_libjpeg_turbo_off_and_says_so()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, output, error) = Draw(dir, "imagesharp");
        Assert.True(exit == 0, error);
        Assert.Contains("1/1 records drawn", output);
        Assert.Contains("JPEG: ImageSharp, turned off by SPAR_JPEG=imagesharp", output);
    }

    [Fact]
    public void Spar_jpeg_turbo_uses_libjpeg_turbo_or_refuses_without_it()
    {
        using var dir = new TestPaths.TempDir();
        var (exit, output, error) = Draw(dir, "turbo");
        // Asked of the loader directly: this process's own codec choice may have been changed by its environment.
        if (NativeLibrary.TryLoad("libturbojpeg.so.0", out _))
        {
            Assert.True(exit == 0, error);
            Assert.Contains("JPEG: libjpeg-turbo)", output);
        }
        else
        {
            Assert.Equal(1, exit);
            Assert.Contains("SPAR_JPEG=turbo, but libturbojpeg not found", error);
        }
    }
}
