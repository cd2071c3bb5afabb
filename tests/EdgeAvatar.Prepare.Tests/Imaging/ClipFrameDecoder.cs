using System.Diagnostics;
using System.Globalization;
using EdgeAvatar.Prepare.Imaging;

namespace EdgeAvatar.Prepare.Tests.Imaging;

/// <summary>Test-only: decodes selected frames of a sample clip to rgb24 by running the ffmpeg executable.</summary>
internal static class ClipFrameDecoder
{
    /// <summary>Full path of samples/train/<paramref name="fileName"/>, found by walking up from the test binary.</summary>
    public static string? SamplePath(string fileName) => FindUp(Path.Combine("samples", "train", fileName));

    /// <summary>A repository file found by walking up from the test binary.</summary>
    public static string? FindUp(string relative)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, relative);
            if (File.Exists(p))
            {
                return p;
            }
        }
        return null;
    }

    /// <summary>Every <paramref name="step"/>-th frame from frame 0, <paramref name="count"/> frames.</summary>
    public static List<RgbFrame> EveryNth(string clip, int step, int count, int width, int height) =>
        Decode(clip, $"select=not(mod(n\\,{step}))", count, width, height);

    /// <summary>Frames first .. first+count-1.</summary>
    public static List<RgbFrame> Consecutive(string clip, int first, int count, int width, int height) =>
        Decode(clip, $"select=between(n\\,{first}\\,{first + count - 1})", count, width, height);

    private static List<RgbFrame> Decode(string clip, string filter, int count, int width, int height)
    {
        var psi = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var a in new[]
                 {
                     "-nostdin", "-v", "error", "-i", clip, "-vf", filter, "-vsync", "0",
                     "-frames:v", count.ToString(CultureInfo.InvariantCulture), "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg did not start");
        var errTask = p.StandardError.ReadToEndAsync();
        using var ms = new MemoryStream();
        p.StandardOutput.BaseStream.CopyTo(ms);
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {errTask.Result}");
        }
        var all = ms.ToArray();
        int frameBytes = width * height * 3;
        if (all.Length % frameBytes != 0)
        {
            throw new InvalidOperationException($"ffmpeg wrote {all.Length} bytes, not a multiple of {frameBytes}");
        }
        var frames = new List<RgbFrame>();
        for (int o = 0; o < all.Length; o += frameBytes)
        {
            frames.Add(new RgbFrame(width, height, all.AsMemory(o, frameBytes)));
        }
        return frames;
    }
}
