using System.ComponentModel;
using System.Diagnostics;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Train.Eval;

namespace EdgeAvatar.Train.Tests.Eval;

/// <summary>
/// Test-only access to the repository's committed inputs and the machine's tools (same approach as the Prepare
/// tests' SampleClips, not shared with them): sample files found by walking up from the test binary, frames decoded
/// by the product's <see cref="VideoFrameReader"/>, ffmpeg run directly, and dlib's model loaded once per process.
/// </summary>
internal static class EvalTestFiles
{
    private static readonly Lazy<MouthLandmarkDistance?> s_lmd = new(
        () => File.Exists(ShapePredictorModel.DebianModelPath) ? MouthLandmarkDistance.Load() : null,
        LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<bool> s_ffmpeg = new(() => Runs(MediaTools.Default.FfmpegPath) && Runs(MediaTools.Default.FfprobePath));

    /// <summary>The LMD measurer on Debian's dlib model, or null when libdlib-data is not installed.</summary>
    public static MouthLandmarkDistance? Lmd => s_lmd.Value;

    public static bool FfmpegAvailable => s_ffmpeg.Value;

    /// <summary>Full path of samples/train/<paramref name="fileName"/>, or null when it is not there.</summary>
    public static string? SamplePath(string fileName)
    {
        string relative = Path.Combine("samples", "train", fileName);
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string p = Path.Combine(dir.FullName, relative);
            if (File.Exists(p)) return p;
        }
        return null;
    }

    /// <summary>Copies of the decoded frames with the wanted indices (ascending), rgb24 at the clip's size.</summary>
    public static List<byte[]> Frames(string clip, params int[] indices)
    {
        using var reader = VideoFrameReader.Open(clip, new VideoReadOptions { MaxFrames = indices.Max() + 1 });
        var frames = new List<byte[]>();
        foreach (VideoFrame f in reader.ReadFrames())
        {
            if (indices.Contains(f.Index)) frames.Add(f.Rgb24.ToArray());
        }
        return frames;
    }

    /// <summary>Runs ffmpeg to the end; returns its exit code and stderr (where its filters log).</summary>
    public static (int ExitCode, string Stderr) RunFfmpeg(params string[] args)
    {
        var psi = new ProcessStartInfo(MediaTools.Default.FfmpegPath) { RedirectStandardError = true, RedirectStandardOutput = true };
        foreach (string a in args) psi.ArgumentList.Add(a);
        using var p = Process.Start(psi) ?? throw new InvalidOperationException("ffmpeg did not start.");
        Task<string> stdout = p.StandardOutput.ReadToEndAsync();
        string stderr = p.StandardError.ReadToEnd();
        stdout.Wait();
        p.WaitForExit();
        return (p.ExitCode, stderr);
    }

    /// <summary>A fresh empty directory under the system temp folder; delete it with Directory.Delete(path, true).</summary>
    public static string TempDirectory()
    {
        string dir = Path.Combine(Path.GetTempPath(), $"edgeavatar-evaltest-{Guid.NewGuid():N}");
        Directory.CreateDirectory(dir);
        return dir;
    }

    private static bool Runs(string program)
    {
        try
        {
            using var p = Process.Start(new ProcessStartInfo(program, "-version") { RedirectStandardOutput = true, RedirectStandardError = true });
            if (p is null) return false;
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
