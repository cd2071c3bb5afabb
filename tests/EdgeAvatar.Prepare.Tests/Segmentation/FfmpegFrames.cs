using System.Diagnostics;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Tests.Segmentation;

/// <summary>Decodes frames of a sample clip with the ffmpeg executable (rgb24 on stdout). Test-only helper.</summary>
internal static class FfmpegFrames
{
    /// <summary>The repository's samples/train folder, found by walking up from the test binary.</summary>
    public static string? SamplePath(string fileName)
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var p = Path.Combine(dir.FullName, "samples", "train", fileName);
            if (File.Exists(p))
            {
                return p;
            }
        }
        return null;
    }

    public static bool Available()
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo("ffmpeg", "-version")
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
            });
            if (p is null)
            {
                return false;
            }
            p.StandardOutput.ReadToEnd();
            p.WaitForExit();
            return p.ExitCode == 0;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return false;
        }
    }

    /// <summary>Every <paramref name="step"/>-th frame (0, step, 2 step, ...), at most <paramref name="max"/>.</summary>
    public static List<RgbImage> Decode(string clip, int width, int height, int step, int max)
    {
        var psi = new ProcessStartInfo("ffmpeg")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var a in new[]
                 {
                     "-v", "error", "-i", clip, "-vf", $"select=not(mod(n\\,{step})),scale={width}:{height}",
                     "-vsync", "0", "-frames:v", max.ToString(System.Globalization.CultureInfo.InvariantCulture),
                     "-f", "rawvideo", "-pix_fmt", "rgb24", "-",
                 })
        {
            psi.ArgumentList.Add(a);
        }
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg did not start");
        var errTask = p.StandardError.ReadToEndAsync();
        var frames = new List<RgbImage>();
        var stdout = p.StandardOutput.BaseStream;
        int size = width * height * 3;
        while (true)
        {
            var buf = new byte[size];
            int got = 0;
            while (got < size)
            {
                int n = stdout.Read(buf, got, size - got);
                if (n == 0)
                {
                    break;
                }
                got += n;
            }
            if (got < size)
            {
                break;
            }
            frames.Add(new RgbImage(width, height, buf));
        }
        p.WaitForExit();
        if (p.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg failed: {errTask.Result}");
        }
        return frames;
    }
}
