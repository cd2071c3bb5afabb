using System.Diagnostics;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Landmarks;
using EdgeAvatar.Prepare.Pipeline;
using EdgeAvatar.Prepare.Tests.TestSupport;

namespace EdgeAvatar.Prepare.Tests.Pipeline;

/// <summary>Makes test inputs with the ffmpeg CLI in a temporary directory, and the pipeline options pointing at it.</summary>
public sealed class PrepareTestMedia : IDisposable
{
    public PrepareTestMedia()
    {
        Directory = Path.Combine(Path.GetTempPath(), "edgeavatar-prepare-tests-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(Directory);
        SourceClip = SampleClips.SamplePath("german_anchor_20s_512.mp4");
        Available = SourceClip is not null && File.Exists(ShapePredictorModel.DebianModelPath)
            && File.Exists(HaarCascade.DebianFrontalFaceAlt2) && SampleClips.FfmpegAvailable();
    }

    public string Directory { get; }
    public string? SourceClip { get; }
    public bool Available { get; }
    public string ModelCache => Path.Combine(Directory, "model-cache");

    public string PathOf(string name) => Path.Combine(Directory, name);

    /// <summary>Runs ffmpeg with <paramref name="args"/> (after "-v error -y"); true when it exits 0.</summary>
    public static bool RunFfmpeg(string args)
    {
        using var p = Process.Start(new ProcessStartInfo("ffmpeg", "-v error -nostdin -y " + args)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        });
        if (p is null) return false;
        p.StandardOutput.ReadToEndAsync();
        p.StandardError.ReadToEnd();
        p.WaitForExit();
        return p.ExitCode == 0;
    }

    /// <summary>Makes <paramref name="name"/> with ffmpeg unless it exists; returns its path.</summary>
    public string Make(string name, string args)
    {
        string path = PathOf(name);
        if (!File.Exists(path) && !RunFfmpeg(args.Replace("{src}", $"\"{SourceClip}\"") + $" \"{path}\""))
            throw new InvalidOperationException($"ffmpeg could not make {name}: {args}");
        return path;
    }

    /// <summary>Seconds 4..4+<paramref name="seconds"/> of the sample clip, re-encoded so the cut is frame-exact.</summary>
    public string Cut(double seconds)
        => Make($"cut-{seconds}.mp4", $"-ss 4 -t {seconds.ToString(System.Globalization.CultureInfo.InvariantCulture)} -i {{src}} -c:v libx264 -preset ultrafast -crf 18 -c:a aac");

    public PrepareOptions Options(string video, string output) => new()
    {
        VideoPath = video,
        OutputDirectory = output,
        ModelCacheDirectory = ModelCache,
    };

    public void Dispose()
    {
        try { System.IO.Directory.Delete(Directory, recursive: true); } catch (IOException) { }
    }
}
