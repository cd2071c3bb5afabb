using System.Globalization;
using System.Text.RegularExpressions;
using EdgeAvatar.Train.Eval;
using Xunit.Abstractions;

namespace EdgeAvatar.Train.Tests.Eval;

/// <summary>
/// Cross-checks the metrics against ffmpeg's psnr and ssim filters on two real frames of a sample clip.
/// PSNR: same definition (MSE over all rgb24 samples, peak 255), so it must agree to ffmpeg's printed precision.
/// SSIM: ffmpeg's filter uses 8×8 windows with uniform weights on a 4-pixel grid (the x264 variant), not the
/// 11×11 Gaussian sliding window, so only agreement within 0.01 is required; it is fed our luma, rounded to 8 bits.
/// </summary>
public sealed partial class ImageMetricsFfmpegTests(ITestOutputHelper output)
{
    private const string Clip = "german_anchor_20s_512.mp4";

    [SkippableFact]
    public void Psnr_and_ssim_agree_with_ffmpeg_filters_on_real_frames()
    {
        Skip.IfNot(EvalTestFiles.FfmpegAvailable, "ffmpeg is not installed");
        string? clip = EvalTestFiles.SamplePath(Clip);
        Skip.If(clip is null, $"samples/train/{Clip} is missing");
        // Frames 0 and 12: the same shot half a second apart (head and lips moved, background static).
        List<byte[]> frames = EvalTestFiles.Frames(clip!, 0, 12);
        const int W = 512, H = 512;
        string dir = EvalTestFiles.TempDirectory();
        try
        {
            string a = Path.Combine(dir, "a.rgb"), b = Path.Combine(dir, "b.rgb");
            File.WriteAllBytes(a, frames[0]);
            File.WriteAllBytes(b, frames[1]);
            double ffPsnr = Parse(PsnrAverage(), Filter(a, b, "rgb24", "psnr"));

            string ga = Path.Combine(dir, "a.gray"), gb = Path.Combine(dir, "b.gray");
            File.WriteAllBytes(ga, RoundedLuma(frames[0]));
            File.WriteAllBytes(gb, RoundedLuma(frames[1]));
            double ffSsim = Parse(SsimAll(), Filter(ga, gb, "gray", "ssim"));

            double psnr = ImageMetrics.Psnr(frames[0], frames[1], W, H);
            double ssim = ImageMetrics.Ssim(frames[0], frames[1], W, H);
            output.WriteLine($"PSNR ours {psnr:F4} ffmpeg {ffPsnr:F2}; SSIM ours {ssim:F6} ffmpeg {ffSsim:F6}");
            Assert.InRange(psnr, 15, 60); // the frames differ: the comparison is not the trivial identical case
            Assert.Equal(ffPsnr, psnr, 0.006);
            Assert.Equal(ffSsim, ssim, 0.01);
        }
        finally
        {
            Directory.Delete(dir, recursive: true);
        }
    }

    private static string Filter(string a, string b, string pixFmt, string filter)
    {
        var (code, stderr) = EvalTestFiles.RunFfmpeg("-hide_banner", "-nostdin",
            "-f", "rawvideo", "-pix_fmt", pixFmt, "-s", "512x512", "-i", a,
            "-f", "rawvideo", "-pix_fmt", pixFmt, "-s", "512x512", "-i", b,
            "-lavfi", $"[0:v][1:v]{filter}", "-f", "null", "-");
        Assert.True(code == 0, stderr);
        return stderr;
    }

    private static double Parse(Regex pattern, string log)
    {
        Match m = pattern.Match(log);
        Assert.True(m.Success, log);
        return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
    }

    private static byte[] RoundedLuma(byte[] rgb)
    {
        var y = new byte[rgb.Length / 3];
        for (int i = 0; i < y.Length; i++)
            y[i] = (byte)Math.Round(0.299 * rgb[3 * i] + 0.587 * rgb[3 * i + 1] + 0.114 * rgb[3 * i + 2]);
        return y;
    }

    [GeneratedRegex(@"PSNR .*average:([0-9.]+)")]
    private static partial Regex PsnrAverage();

    [GeneratedRegex(@"SSIM .*All:([0-9.]+)")]
    private static partial Regex SsimAll();
}
