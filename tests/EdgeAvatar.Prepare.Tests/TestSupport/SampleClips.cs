using System.ComponentModel;
using System.Diagnostics;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Segmentation;

namespace EdgeAvatar.Prepare.Tests.TestSupport;

/// <summary>
/// Test-only access to the repository's committed inputs: files found by walking up from the test binary, and frames
/// of the sample clips decoded to rgb24 by the product's own <see cref="VideoFrameReader"/>. Frame n is the n-th
/// decoded frame (the n of ffmpeg's <c>select</c> filter), so selections match the scripts that made the references.
/// </summary>
internal static class SampleClips
{
    /// <summary>A repository file found by walking up from the test binary; null when there is none.</summary>
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

    /// <summary>Full path of samples/train/<paramref name="fileName"/>, or null when it is not there.</summary>
    public static string? SamplePath(string fileName) => FindUp(Path.Combine("samples", "train", fileName));

    /// <summary>Whether the ffmpeg and ffprobe programs the reader runs (<see cref="MediaTools.Default"/>) work.</summary>
    public static bool FfmpegAvailable() => Runs(MediaTools.Default.FfmpegPath) && Runs(MediaTools.Default.FfprobePath);

    /// <summary>Every <paramref name="step"/>-th frame (0, step, 2 step, ...), at most <paramref name="count"/>.</summary>
    public static List<RgbImage> EveryNth(string clip, int step, int count, int width, int height) =>
        Decode(clip, width, height, step * (count - 1) + 1, n => n % step == 0);

    /// <summary>Frames <paramref name="first"/> .. first+count-1.</summary>
    public static List<RgbImage> Consecutive(string clip, int first, int count, int width, int height) =>
        Decode(clip, width, height, first + count, n => n >= first);

    /// <summary>The same pixels as a read-only frame (no copy).</summary>
    public static RgbFrame ToFrame(this RgbImage image) => new(image.Width, image.Height, image.Pixels);

    /// <summary>Frames 0 .. frameCount-1 scaled to width x height, keeping (copies of) those <paramref name="wanted"/>.</summary>
    private static List<RgbImage> Decode(string clip, int width, int height, int frameCount, Func<int, bool> wanted)
    {
        var options = new VideoReadOptions { OutputWidth = width, OutputHeight = height, MaxFrames = frameCount };
        using var reader = VideoFrameReader.Open(clip, options);
        var frames = new List<RgbImage>();
        foreach (var frame in reader.ReadFrames())
        {
            if (wanted(frame.Index))
            {
                frames.Add(new RgbImage(frame.Width, frame.Height, frame.Rgb24.ToArray()));
            }
        }
        return frames;
    }

    private static bool Runs(string program)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(program, "-version")
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
        catch (Win32Exception)
        {
            return false;
        }
    }
}
