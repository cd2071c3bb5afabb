using EdgeAvatar.Audio.Phones;
using EdgeAvatar.Host.Run;
using EdgeAvatar.Media;
using EdgeAvatar.Prepare.Detection;
using EdgeAvatar.Prepare.Imaging;
using EdgeAvatar.Prepare.Landmarks;

namespace EdgeAvatar.Cli.Tests;

/// <summary>
/// Renders a bundled model through the daemon's run loop (CPU, 256², head held still, no blinks) and measures the mouth
/// on the written video with our landmark detector: the lip-sync tests' shared harness. One face detection in frame 0
/// serves every frame because the head does not move.
/// </summary>
public static class RenderedMouth
{
    /// <summary>Whether the detector's data and ffmpeg are installed (scripts/test installs them).</summary>
    public static string? MissingTools()
    {
        if (!File.Exists(ShapePredictorModel.DebianModelPath) || !File.Exists(HaarCascade.DebianFrontalFaceAlt2))
            return "needs libdlib-data and opencv-data (scripts/test installs them)";
        return TinyAvatarFixture.Capture("ffmpeg", "-version") is null ? "needs ffmpeg" : null;
    }

    /// <summary>
    /// Runs <paramref name="model"/> on <paramref name="audio"/> (phones recognised by the run loop unless
    /// <paramref name="knownPhones"/> is given, as run --say gives them) into an MP4 in <paramref name="dir"/>, and
    /// measures every written frame with <paramref name="meter"/>. Returns the run's frame count and the measures.
    /// </summary>
    public static async Task<(long RunFrames, double[] Measures)> RunAndMeasure(string model, string audio, string dir,
        Func<FaceShape, double> meter, IReadOnlyList<TimedPhone>? knownPhones = null)
    {
        string video = Path.Combine(dir, Path.GetFileNameWithoutExtension(audio) + "-" + Guid.NewGuid().ToString("N")[..8] + ".mp4");
        var result = await RunLoop.RunAsync(new RunOptions
        {
            ModelPath = model, Audio = audio, Output = "mp4:" + video, Size = (256, 256), FixedPose = true, Blink = false,
            Device = "cpu", KnownPhones = knownPhones,
        }, null, CancellationToken.None);
        return (result.Frames, Measure(video, meter));
    }

    /// <summary><paramref name="meter"/> of the 68-point shape in every frame of <paramref name="video"/>.</summary>
    public static double[] Measure(string video, Func<FaceShape, double> meter)
    {
        var predictor = new ShapePredictor(ShapePredictorModel.Load(ShapePredictorModel.DebianModelPath));
        var detector = HaarFaceDetector.CreateDefault();
        var values = new List<double>();
        FaceBox? box = null;
        using var reader = VideoFrameReader.Open(video);
        foreach (var f in reader.ReadFrames())
        {
            var frame = new RgbFrame(f.Width, f.Height, f.Rgb24.ToArray());
            box ??= detector.Detect(frame).OrderByDescending(b => b.Area).Cast<FaceBox?>().FirstOrDefault()
                ?? throw new Xunit.Sdk.XunitException("no face found in the first rendered frame");
            values.Add(meter(predictor.Predict(frame, box.Value)));
        }
        return [.. values];
    }
}
